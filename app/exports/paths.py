"""Number every claim of a debate by its place in the tree, as Kialo and CSV files do."""

from collections.abc import Iterator

from app.imports.debate import ImportedArgument, ImportedDebate, ImportedPosition


def numbered(debate: ImportedDebate
             ) -> Iterator[tuple[str, ImportedPosition | ImportedArgument]]:
    """Yield each position and argument in tree order with its path ("1", "1.2", "1.2.4")."""
    for number, position in enumerate(debate.positions, start=1):
        yield str(number), position
        stack = [(f"{number}.{index}", argument)
                 for index, argument in reversed(list(enumerate(position.arguments, start=1)))]
        while stack:
            path, argument = stack.pop()
            yield path, argument
            stack.extend((f"{path}.{index}", child) for index, child
                         in reversed(list(enumerate(argument.children, start=1))))


def paths_by_key(debate: ImportedDebate) -> dict[str, str]:
    """Map each claim's key to its path, so that links can name their target by path."""
    return {node.key: path for path, node in numbered(debate)
            if not isinstance(node, ImportedArgument) or node.link_to is None}
