// Print how the reference Argdown parser reads a file: its errors and what it counts.
const fs = require("fs");
let argdown;
try {
  ({ argdown } = require("@argdown/node"));
} catch (error) {
  process.exit(3);
}
(async () => {
  const input = fs.readFileSync(process.argv[2], "utf8");
  const response = await argdown.runAsync({
    input, process: ["parse-input", "build-model"], logLevel: "error", throwExceptions: true,
  });
  const errors = [...(response.lexerErrors || []), ...(response.parserErrors || [])];
  console.log(JSON.stringify({
    errors: errors.map((error) => error.message),
    statements: Object.keys(response.statements || {}).length,
    arguments: Object.keys(response.arguments || {}).length,
    relations: (response.relations || []).length,
    title: (response.frontMatter || {}).title,
    data: Object.fromEntries(Object.values(response.arguments || {})
      .map((argument) => [argument.title, argument.data || {}])),
  }));
})();
