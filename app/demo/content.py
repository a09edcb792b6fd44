"""Hold the demo briefing on AI surveillance in Beijing and the debate raised from it."""

from datetime import date

TITLE = "Watching the Capital: A Briefing on AI Surveillance in Beijing"
AUTHOR = "Agora editorial team"
SOURCE_URL = None
PUBLISHED = date(2026, 11, 1)

BRIEFING = """## Overview

Beijing is among the most intensively monitored cities in the world. Over the past decade, national programmes known as Skynet and Sharp Eyes have funded large networks of connected cameras, with the capital among the first to receive them. Officials describe the effort as part of building a safe, orderly and efficient smart city, while critics regard it as an instrument of political control.

Estimates of how many cameras operate in the capital differ widely, from several hundred thousand to well over a million, depending on whether devices owned by businesses and housing compounds are counted. Cameras watch roads, metro stations, airports and shopping streets, and many residential compounds and campuses have installed face-scanning gates. This briefing summarises what is publicly known about the main technologies, the organisations behind them and the arguments made for and against their use.

## Facial and gait recognition

Facial recognition is the most visible layer of the system. Software compares a face captured on camera with photographs held in identity card databases and police watch lists, and vendors claim their products can find a match within seconds even when a hat, glasses or a surgical mask partly covers the face. Independent testing of such claims is limited, and accuracy in real street conditions is usually lower than in laboratory benchmarks.

Gait recognition aims to identify people from the way they walk, which is harder to disguise than a face and can work at a distance or from behind. A Beijing start-up, Watrix, has marketed such software to police, although its reliability at city scale has not been publicly verified. Reported uses of these identification tools include:

- Checking travellers against wanted lists at railway stations and airports.
- Controlling entry to residential compounds, offices and university dormitories.
- Reading vehicle number plates to follow cars from one district to another.
- Locating missing children and elderly people living with dementia.
- Naming people caught jaywalking on roadside screens, a practice tried in several Chinese cities.

## Predictive policing and behavioural analytics

Predictive policing tools use records of past arrests, complaints and incidents to estimate where trouble is likely or which people may pose a risk. In China, such systems are reported to keep lists of so-called key persons, a category that can include former offenders, people with mental illness, and petitioners who travel to Beijing to lodge grievances with central authorities. When someone on such a list buys a train ticket or checks into a hotel, local police may receive an alert.

Behavioural analytics goes a step further by interpreting what cameras see as it happens. Software can estimate crowd density, notice people who linger in one spot, pick out sudden running or fighting, and register when a group gathers at a sensitive location such as Tiananmen Square. Supporters say this helps prevent crushes and speeds up emergency responses; critics note that the same tools can be used to break up peaceful assemblies before they begin, and that models trained on past police data tend to repeat the biases contained in it.

## Data fusion platforms and the IJOP

The most powerful element is arguably not any single sensor but the joining of many data streams. Data fusion platforms combine camera sightings with phone location records, internet activity, travel bookings, banking data and government files, producing a single profile that an officer can query.

The best-documented example is the Integrated Joint Operations Platform, or IJOP, used in the Xinjiang region rather than in Beijing itself. Human Rights Watch reverse-engineered the app that officers use to connect to it and found that it treated lawful conduct, such as having little contact with neighbours, unusual electricity use or long stays abroad, as grounds for further checks. Researchers see Xinjiang as the most extreme case of a model whose parts also appear, in milder form, in the capital.

## The social credit system

The social credit system is often described abroad as a single national score that rates every citizen. The reality is more fragmented: it consists of financial credit records, blacklists kept by courts and regulators, compliance ratings for companies, and a variety of local pilot schemes, some of which did award points to residents. Commercial ratings such as Alibaba's Sesame Credit operate separately as loyalty and lending tools.

The most consequential national element is the court blacklist of people who fail to comply with judgements, usually over unpaid debts. People listed can be barred from buying plane tickets, travelling on high-speed trains or sending their children to fee-paying private schools. Beijing's city government announced in 2018 that it would introduce a personal credit scheme, but public detail on how it works in practice remains limited. Points of contention include:

- Whether punishing people in unrelated areas of life, such as travel restrictions for a debt, is proportionate.
- How people learn that they have been listed, and how they can appeal or be removed.
- Whether moral categories such as volunteering or filial duty belong in a credit system at all.
- Whether reports that face-scanning gates automatically turn away low-rated people are accurate, since they are widely repeated but poorly documented.

## The role of private companies

China's surveillance boom is as much a commercial story as a state one. A small group of firms supply much of the hardware, software and data:

- SenseTime and Megvii develop the face recognition algorithms used in many police and city systems.
- Hikvision and Dahua are among the largest makers of video cameras and recorders in the world, many with built-in analytics.
- Alibaba and Tencent run cloud platforms and city data projects, and they hold vast stores of user data that authorities can request.
- Huawei supplies networks, servers and packaged safe city systems, particularly for customers abroad.

Public security contracts have given these companies steady customers and plentiful training data, helping several become leaders in computer vision. The close relationship also means that Chinese law can require firms to assist state intelligence work, which makes it hard for them to refuse requests or to reassure foreign buyers about their independence.

## Public sentiment

Opinion inside China is more varied than outside commentary often suggests. Surveys, including a widely cited 2019 study by the political scientist Genia Kostka, found high approval of social credit systems, with wealthier and better-educated urban residents among the most supportive. Many residents say cameras make them feel safer and value the ease of paying or checking in with a face.

Concern is growing nonetheless. In 2019 a law lecturer in Hangzhou sued a safari park that had switched to face scans for entry, the first such case in China, and won a partial victory. A survey by a Chinese newspaper's research centre that year found that most respondents wanted an alternative to facial recognition. Complaints commonly cite data leaks, misidentification, unclear retention periods and the lack of any way to challenge an automated decision.

Lawmakers have responded in part. The Personal Information Protection Law of 2021 treats biometric data as sensitive and requires a specific purpose and separate consent for its use, and later rules restrict facial recognition in places such as hotel rooms and changing rooms. These laws mainly constrain companies, however, and broad exemptions remain for state security and public safety work.

## International reactions and exports

Abroad, reactions to the Beijing approach divide sharply: some governments study it as a template, while others hold it up as something to avoid. The Carnegie Endowment's AI Global Surveillance Index, published in 2019, found Chinese companies supplying AI surveillance technology to more than sixty countries, often as part of packaged safe city projects financed with Chinese loans. Examples that have drawn attention include:

- Serbia, where Huawei cameras with face recognition were installed across Belgrade.
- Zimbabwe, which agreed in 2018 to let the firm CloudWalk build a national face database.
- Ecuador, whose ECU-911 emergency system was built with Chinese equipment and was later reported to feed a domestic intelligence agency.
- Venezuela, where ZTE helped develop a national identity card tied to state benefits.

Democratic governments have pushed back. The United States added Hikvision, Dahua, SenseTime, Megvii and others to its trade blacklist in 2019, citing their role in abuses against Uyghurs in Xinjiang, and later restricted approval of new Hikvision and Dahua equipment. Britain told government departments to stop installing Chinese-made cameras at sensitive sites. The European Union's AI Act bans social scoring and most live facial recognition by police in public places, with narrow exceptions.

## Emotion recognition, drones and what comes next

Several newer tools are being tested or marketed, although their spread is uneven and claims about their abilities are often unproven:

- Emotion recognition software that claims to read mood or hostile intent from facial movements, voice or posture, trialled in some schools, customs halls and interrogation rooms.
- Camera-equipped drones that can follow crowds or individuals and run face or vehicle recognition from the air.
- Smart glasses that let officers check faces against a database while on patrol, tested by police on the outskirts of Beijing around 2018.
- Speech recognition paired with automated mood scoring of phone calls and online posts.

Emotion recognition is especially disputed. A 2019 review by psychologists led by Lisa Feldman Barrett concluded that facial expressions do not reliably reveal inner feelings, and a 2021 report by the rights group Article 19 argued that the technology rests on weak science while threatening free expression.

## Ethical questions

Beneath the technical detail lie several long-standing questions that apply well beyond China:

- How much privacy should people give up in exchange for greater safety, and who gets to set that balance?
- Who decides which behaviour counts as suspicious or undesirable, and can that judgement be contested?
- Can an algorithm be trusted with decisions that affect a person's liberty, and who answers when it errs?
- Does constant observation lead to self-censorship, even among people who have done nothing wrong?
- Is large-scale technological oversight the only practical way to govern a vast and diverse country, as some proponents argue?

Critics warn that without independent courts, a free press and meaningful oversight, such systems tend to entrench the power of whoever controls them. Supporters reply that the tools themselves are neutral, that crime and disorder also threaten freedom, and that safeguards can be designed in.

## Conclusion

Beijing shows what becomes possible when dense sensor networks, capable algorithms, cooperative companies and few legal limits come together. The results include real gains in convenience and in solving some crimes, alongside serious risks to privacy, dissent and minority groups. As the same tools spread to other countries, including democracies, the choices made about where to draw limits matter well beyond China.
"""

DEBATE = {
    "title": "Surveillance, safety and freedom",
    "question": "How far should a city go in watching its people to keep them safe?",
}

USERS = [
    {"username": "mei_lin", "display_name": "Mei Lin"},
    {"username": "jonas_k", "display_name": "Jonas Keller"},
    {"username": "amara_o", "display_name": "Amara Okafor"},
    {"username": "dev_patel", "display_name": "Dev Patel"},
]

POSITIONS = [
    {
        "statement": "Public facial recognition is worth its privacy cost",
        "quote": (
            "Software compares a face captured on camera with photographs held in identity "
            "card databases and police watch lists"
        ),
    },
    {
        "statement": "Predictive policing does more harm than good",
        "quote": (
            "Predictive policing tools use records of past arrests, complaints and incidents "
            "to estimate where trouble is likely or which people may pose a risk"
        ),
    },
    {
        "statement": "Police should be allowed to merge data from many sources into one profile",
        "quote": (
            "Data fusion platforms combine camera sightings with phone location records, "
            "internet activity, travel bookings, banking data and government files"
        ),
    },
    {
        "statement": "A social credit score is a fair way to reward trustworthy behaviour",
        "quote": "a variety of local pilot schemes, some of which did award points to residents",
    },
    {
        "statement": "Barring court debtors from trains and flights is a fair penalty",
        "quote": (
            "People listed can be barred from buying plane tickets, travelling on "
            "high-speed trains"
        ),
    },
    {
        "statement": (
            "Companies that build state surveillance tools share responsibility for its abuses"
        ),
        "quote": "Chinese law can require firms to assist state intelligence work",
    },
    {
        "statement": "Public approval makes a surveillance system legitimate",
        "quote": (
            "found high approval of social credit systems, with wealthier and better-educated "
            "urban residents among the most supportive"
        ),
    },
    {
        "statement": "People should always be able to opt out of face scanning",
        "quote": "most respondents wanted an alternative to facial recognition",
    },
    {
        "statement": "Technology firms should be free to sell surveillance systems abroad",
        "quote": (
            "found Chinese companies supplying AI surveillance technology to more than sixty "
            "countries"
        ),
    },
    {
        "statement": "Emotion recognition should be banned in public spaces",
        "quote": "concluded that facial expressions do not reliably reveal inner feelings",
    },
    {
        "statement": "Police drones should be allowed to run face recognition from the air",
        "quote": (
            "Camera-equipped drones that can follow crowds or individuals and run face or "
            "vehicle recognition from the air"
        ),
    },
    {
        "statement": "Giving up some privacy for greater safety is a reasonable trade",
        "quote": (
            "How much privacy should people give up in exchange for greater safety, and who "
            "gets to set that balance?"
        ),
    },
]

ARGUMENTS = {
    # 0: Public facial recognition is worth its privacy cost
    0: [
        {
            "stance": "pro",
            "claim": (
                "Facial recognition helps police find suspects, missing children and vulnerable "
                "adults far faster than manual searches."
            ),
            "body": (
                "Matching a face against a watch list in seconds can replace days of officers "
                "reviewing footage by hand."
            ),
            "evidence": [
                {
                    "url": "https://en.wikipedia.org/wiki/Mass_surveillance_in_China",
                    "title": "Mass surveillance in China",
                    "kind": "other",
                    "excerpt": "",
                },
            ],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Speed is of little value if matches are wrong, and error rates in "
                        "street conditions are well above laboratory results."
                    ),
                    "body": (
                        "US government testing found that many algorithms produce more false "
                        "matches for some demographic groups than for others."
                    ),
                    "evidence": [
                        {
                            "url": "https://nvlpubs.nist.gov/nistpubs/ir/2019/NIST.IR.8280.pdf",
                            "title": (
                                "NIST IR 8280: Face Recognition Vendor Test, Part 3: "
                                "Demographic Effects"
                            ),
                            "kind": "research",
                            "excerpt": "",
                        },
                    ],
                    "author": "jonas_k",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "The best algorithms have improved sharply, and an officer "
                                "still checks each match before anyone is stopped."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "mei_lin",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Scanning everyone in public treats each passer-by as a suspect and removes the "
                "anonymity that free movement depends on."
            ),
            "body": "",
            "evidence": [
                {
                    "url": "https://plato.stanford.edu/entries/privacy/",
                    "title": "Privacy (Stanford Encyclopedia of Philosophy)",
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "amara_o",
            "children": [
                {
                    "stance": "pro",
                    "claim": (
                        "Once a face database exists, it can be turned against protesters, "
                        "journalists or minorities at little extra cost."
                    ),
                    "body": (
                        "Reporting in 2019 described Chinese police using face recognition to "
                        "pick out Uyghurs across several cities."
                    ),
                    "evidence": [
                        {
                            "url": (
                                "https://www.nytimes.com/2019/04/14/technology/"
                                "china-surveillance-artificial-intelligence-racial-profiling.html"
                            ),
                            "title": (
                                "One Month, 500,000 Face Scans: How China Is Using A.I. to "
                                "Profile a Minority"
                            ),
                            "kind": "news",
                            "excerpt": "",
                        },
                    ],
                    "author": "dev_patel",
                    "children": [],
                },
                {
                    "stance": "con",
                    "claim": (
                        "People in public are already seen by others, and a camera only records "
                        "what any bystander could observe."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "mei_lin",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "A bystander forgets, while a networked system stores, indexes "
                                "and links every sighting, which is a difference in kind."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "amara_o",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "pro",
            "claim": (
                "Public acceptance tends to be high when use is limited to serious crime and "
                "governed by clear, published rules."
            ),
            "body": (
                "The privacy cost is not fixed; it depends on retention limits, warrants and "
                "audits that lawmakers can set."
            ),
            "evidence": [],
            "author": "dev_patel",
            "children": [],
        },
    ],
    # 1: Predictive policing does more harm than good
    1: [
        {
            "stance": "pro",
            "claim": (
                "Models trained on past police records repeat past over-policing of poor and "
                "minority areas, creating a feedback loop."
            ),
            "body": (
                "Where police patrol more, they record more crime, which the model then reads as "
                "a reason to send them back."
            ),
            "evidence": [
                {
                    "url": (
                        "https://rss.onlinelibrary.wiley.com/doi/10.1111/"
                        "j.1740-9713.2016.00960.x"
                    ),
                    "title": "To predict and serve? (Lum and Isaac, Significance, 2016)",
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "jonas_k",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Bias comes from the data rather than the method, and audited models "
                        "with corrected inputs can reduce it."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "dev_patel",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "There is no neutral record of crime to correct against, only "
                                "records of what police chose to notice."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "jonas_k",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "pro",
            "claim": (
                "In China, risk lists include petitioners and people with mental illness, so "
                "prediction is used to pre-empt lawful complaints."
            ),
            "body": "",
            "evidence": [
                {
                    "url": (
                        "https://www.hrw.org/report/2019/05/01/chinas-algorithms-repression/"
                        "reverse-engineering-xinjiang-police-mass"
                    ),
                    "title": (
                        "China's Algorithms of Repression: Reverse Engineering a Xinjiang Police "
                        "Mass Surveillance App"
                    ),
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "amara_o",
            "children": [],
        },
        {
            "stance": "con",
            "claim": (
                "Forecasting where crime is likely has cut some property crime in controlled "
                "field trials."
            ),
            "body": (
                "Place-based forecasts that send patrols to small hot spots do not need to "
                "label any individual as dangerous."
            ),
            "evidence": [
                {
                    "url": "https://www.tandfonline.com/doi/full/10.1080/01621459.2015.1077710",
                    "title": "Randomized Controlled Field Trials of Predictive Policing",
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Later evaluations of commercial tools found small or no effects, and "
                        "several police forces dropped them."
                    ),
                    "body": "",
                    "evidence": [
                        {
                            "url": "https://en.wikipedia.org/wiki/Predictive_policing",
                            "title": "Predictive policing",
                            "kind": "other",
                            "excerpt": "",
                        },
                    ],
                    "author": "jonas_k",
                    "children": [],
                },
            ],
        },
    ],
    # 2: Police should be allowed to merge data from many sources into one profile
    2: [
        {
            "stance": "pro",
            "claim": (
                "Investigators lose time when vital facts sit in separate databases, and linking "
                "them can solve serious crimes faster."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "The same linkage that solves crimes lets officials assemble a full "
                        "picture of anyone's life without any suspicion."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "amara_o",
                    "children": [],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "The IJOP shows how fused data can flag entirely lawful behaviour as suspicious "
                "and lead to detention."
            ),
            "body": (
                "Researchers who examined the officers' app found alerts triggered by ordinary "
                "conduct such as travel or phone use."
            ),
            "evidence": [
                {
                    "url": (
                        "https://www.hrw.org/video-photos/interactive/2019/05/02/"
                        "china-how-mass-surveillance-works-xinjiang"
                    ),
                    "title": "How Mass Surveillance Works in Xinjiang, China",
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "amara_o",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Xinjiang's abuses stem from political choices, not from data fusion "
                        "itself, which democracies also use under warrants."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "mei_lin",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Tools shape practice: a system that makes blanket profiling "
                                "cheap invites it wherever oversight is weak."
                            ),
                            "body": "",
                            "evidence": [
                                {
                                    "url": (
                                        "https://en.wikipedia.org/wiki/"
                                        "Integrated_Joint_Operations_Platform"
                                    ),
                                    "title": "Integrated Joint Operations Platform",
                                    "kind": "other",
                                    "excerpt": "",
                                },
                            ],
                            "author": "amara_o",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Central stores of personal data are prime targets for leaks, and a single "
                "breach can expose millions of people at once."
            ),
            "body": "",
            "evidence": [],
            "author": "jonas_k",
            "children": [],
        },
    ],
    # 3: A social credit score is a fair way to reward trustworthy behaviour
    3: [
        {
            "stance": "pro",
            "claim": (
                "Where contracts are hard to enforce, public records of who repays debts and "
                "keeps promises can build trust between strangers."
            ),
            "body": (
                "Survey respondents in China often describe the systems as a way to promote "
                "honest dealing rather than as a privacy threat."
            ),
            "evidence": [
                {
                    "url": "https://journals.sagepub.com/doi/full/10.1177/1461444819826402",
                    "title": (
                        "China's social credit systems and public opinion: Explaining high "
                        "levels of approval"
                    ),
                    "kind": "research",
                    "excerpt": (
                        "the study finds a surprisingly high degree of approval of SCSs across "
                        "respondent groups"
                    ),
                },
            ],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Financial credit records already do this, and adding moral or social "
                        "criteria goes beyond what trust in trade requires."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "jonas_k",
                    "children": [],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Scores that weigh online posts or personal associations punish lawful choices "
                "and discourage free expression."
            ),
            "body": "",
            "evidence": [
                {
                    "url": "https://en.wikipedia.org/wiki/Social_Credit_System",
                    "title": "Social Credit System",
                    "kind": "other",
                    "excerpt": "",
                },
            ],
            "author": "amara_o",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Most national social credit rules target companies and court debtors; "
                        "the all-seeing personal score is largely a myth."
                    ),
                    "body": "",
                    "evidence": [
                        {
                            "url": (
                                "https://www.technologyreview.com/2022/11/22/1063605/"
                                "china-announced-a-new-social-credit-law-what-does-it-mean/"
                            ),
                            "title": (
                                "China just announced a new social credit law. "
                                "Here's what it means."
                            ),
                            "kind": "news",
                            "excerpt": "",
                        },
                    ],
                    "author": "dev_patel",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Local pilots did score residents on conduct, and the framework "
                                "leaves room for such scoring to grow."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "amara_o",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "pro",
            "claim": (
                "Small rewards for volunteering or paying fines on time can nudge behaviour "
                "without resorting to criminal penalties."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [],
        },
    ],
    # 4: Barring court debtors from trains and flights is a fair penalty
    4: [
        {
            "stance": "pro",
            "claim": (
                "People who can pay but refuse to honour court judgements should not enjoy "
                "premium travel at their creditors' expense."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Fast trains and flights are ordinary transport for work and family care, "
                        "so the ban reaches far beyond luxury."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "amara_o",
                    "children": [],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Penalties in unrelated areas of life are disproportionate and can trap people "
                "who cannot pay, not only those who will not."
            ),
            "body": "",
            "evidence": [],
            "author": "jonas_k",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Listing is meant to apply only to debtors able to pay, and people are "
                        "removed once they settle."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "mei_lin",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Notice and appeal have been patchy, and some people learned "
                                "they were listed only when refused a ticket."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "jonas_k",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "pro",
            "claim": (
                "Chinese courts long struggled to enforce civil judgements, and the blacklist "
                "gives winning parties real leverage."
            ),
            "body": "",
            "evidence": [
                {
                    "url": "https://www.wired.co.uk/article/china-social-credit-system-explained",
                    "title": "The complicated truth about China's social credit system",
                    "kind": "news",
                    "excerpt": "",
                },
            ],
            "author": "mei_lin",
            "children": [],
        },
    ],
    # 5: Companies that build state surveillance tools share responsibility for its abuses
    5: [
        {
            "stance": "pro",
            "claim": (
                "Firms that design features such as ethnicity detection know what purpose they "
                "serve and cannot claim to be neutral."
            ),
            "body": "",
            "evidence": [],
            "author": "amara_o",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Several firms denied building such features or called them tests, so "
                        "blame should follow proven deployments."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "dev_patel",
                    "children": [],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Chinese law obliges firms to assist state intelligence work, so the decisive "
                "choices rest with the state, not the company."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Firms still choose which contracts to bid for and which features to "
                        "market, and they compete hard for security deals."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "jonas_k",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Turning down state work in China can cost a firm licences and "
                                "market access, so that choice is heavily constrained."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "dev_patel",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "pro",
            "claim": (
                "International norms already expect businesses to check the human rights impact "
                "of what they sell and to whom."
            ),
            "body": "",
            "evidence": [
                {
                    "url": (
                        "https://en.wikipedia.org/wiki/"
                        "United_Nations_Guiding_Principles_on_Business_and_Human_Rights"
                    ),
                    "title": "United Nations Guiding Principles on Business and Human Rights",
                    "kind": "official",
                    "excerpt": "",
                },
            ],
            "author": "mei_lin",
            "children": [],
        },
    ],
    # 6: Public approval makes a surveillance system legitimate
    6: [
        {
            "stance": "pro",
            "claim": (
                "If most residents feel safer and support the cameras, outsiders should hesitate "
                "to override their judgement."
            ),
            "body": "",
            "evidence": [],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Surveys in a censored media environment measure what people feel safe "
                        "saying, not informed consent."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "amara_o",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Anonymous online surveys still show real variation and "
                                "criticism, which suggests answers are not simply driven by fear."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "mei_lin",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Rights exist to protect minorities even when majorities approve of measures "
                "that harm them, as in the surveillance of Uyghurs."
            ),
            "body": "",
            "evidence": [
                {
                    "url": (
                        "https://www.ohchr.org/en/documents/country-reports/"
                        "ohchr-assessment-human-rights-concerns-xinjiang-uyghur-autonomous-region"
                    ),
                    "title": (
                        "OHCHR Assessment of human rights concerns in the Xinjiang Uyghur "
                        "Autonomous Region"
                    ),
                    "kind": "official",
                    "excerpt": "",
                },
            ],
            "author": "jonas_k",
            "children": [],
        },
        {
            "stance": "con",
            "claim": (
                "Approval often rests on little knowledge of how data is stored and shared, so "
                "it may shift as people learn more."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [],
        },
    ],
    # 7: People should always be able to opt out of face scanning
    7: [
        {
            "stance": "pro",
            "claim": (
                "A face cannot be reset like a password, so people should be offered an ID card "
                "or ticket as an alternative."
            ),
            "body": (
                "China's own data law already classes biometric data as sensitive and requires "
                "separate consent for its use."
            ),
            "evidence": [
                {
                    "url": (
                        "https://en.wikipedia.org/wiki/"
                        "Personal_Information_Protection_Law_of_the_People%27s_Republic_of_China"
                    ),
                    "title": (
                        "Personal Information Protection Law of the "
                        "People's Republic of China"
                    ),
                    "kind": "official",
                    "excerpt": "",
                },
            ],
            "author": "amara_o",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Opt-outs from security screening at airports or stations would leave "
                        "gaps that wrongdoers could exploit."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "dev_patel",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Airports relied on manual ID checks for decades, so an "
                                "alternative lane need not mean a gap in security."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "amara_o",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "For housing compounds and offices, face entry is cheaper and more convenient "
                "than cards that get lost or shared."
            ),
            "body": "",
            "evidence": [],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Convenience for most people does not justify forcing face entry on "
                        "everyone, as the Hangzhou safari park case showed."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "jonas_k",
                    "children": [],
                },
            ],
        },
    ],
    # 8: Technology firms should be free to sell surveillance systems abroad
    8: [
        {
            "stance": "pro",
            "claim": (
                "Many cities buying these systems face real crime problems and cannot afford "
                "Western alternatives."
            ),
            "body": "",
            "evidence": [
                {
                    "url": (
                        "https://carnegieendowment.org/2019/09/17/"
                        "global-expansion-of-ai-surveillance-pub-79847"
                    ),
                    "title": "The Global Expansion of AI Surveillance",
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "dev_patel",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Buyers are rarely screened for how they will use the tools, and "
                        "autocracies are more likely to abuse them."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "jonas_k",
                    "children": [],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Exporting turnkey surveillance to governments with poor rights records spreads "
                "repression beyond China's borders."
            ),
            "body": "",
            "evidence": [],
            "author": "amara_o",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Western firms also export surveillance gear, so singling out Chinese "
                        "sellers is inconsistent."
                    ),
                    "body": "",
                    "evidence": [
                        {
                            "url": (
                                "https://carnegieendowment.org/publications/interactive/"
                                "ai-surveillance"
                            ),
                            "title": "AI Global Surveillance Technology (Carnegie Endowment)",
                            "kind": "research",
                            "excerpt": (
                                "The index compiles empirical data on AI surveillance use for "
                                "176 countries around the world."
                            ),
                        },
                    ],
                    "author": "dev_patel",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Exports by others argue for common export controls on all "
                                "sellers, not for letting anyone sell freely."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "amara_o",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Governments may rightly limit trade in tools linked to abuses, as US trade "
                "restrictions on several Chinese vendors show."
            ),
            "body": "",
            "evidence": [
                {
                    "url": "https://en.wikipedia.org/wiki/Entity_List",
                    "title": "Entity List",
                    "kind": "other",
                    "excerpt": "",
                },
            ],
            "author": "mei_lin",
            "children": [],
        },
    ],
    # 9: Emotion recognition should be banned in public spaces
    9: [
        {
            "stance": "pro",
            "claim": (
                "The science linking facial movements to inner emotions is weak, so the "
                "technology produces unreliable judgements."
            ),
            "body": "",
            "evidence": [
                {
                    "url": "https://journals.sagepub.com/doi/10.1177/1529100619832930",
                    "title": (
                        "Emotional Expressions Reconsidered: Challenges to Inferring Emotion "
                        "From Human Facial Movements"
                    ),
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "jonas_k",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Combining voice, posture and context may improve accuracy, so a ban "
                        "could block useful progress."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "dev_patel",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "More inputs do not fix the core problem that one expression can "
                                "mean different things in different settings."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "jonas_k",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "pro",
            "claim": (
                "Being judged suspicious for looking nervous chills expression and falls hardest "
                "on anxious or neurodivergent people."
            ),
            "body": "",
            "evidence": [
                {
                    "url": (
                        "https://www.article19.org/wp-content/uploads/2021/01/"
                        "ER-Tech-China-Report.pdf"
                    ),
                    "title": (
                        "Emotional Entanglement: China's emotion recognition market and its "
                        "implications for human rights"
                    ),
                    "kind": "research",
                    "excerpt": "",
                },
            ],
            "author": "amara_o",
            "children": [],
        },
        {
            "stance": "con",
            "claim": (
                "Narrow uses such as spotting driver fatigue or medical distress could save "
                "lives and should not fall under a blanket ban."
            ),
            "body": "",
            "evidence": [],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Safety uses can be exempted while other uses are banned, as the EU AI "
                        "Act does for workplaces and schools."
                    ),
                    "body": "",
                    "evidence": [
                        {
                            "url": "https://en.wikipedia.org/wiki/Artificial_Intelligence_Act",
                            "title": "Artificial Intelligence Act",
                            "kind": "official",
                            "excerpt": "",
                        },
                    ],
                    "author": "amara_o",
                    "children": [],
                },
            ],
        },
    ],
    # 10: Police drones should be allowed to run face recognition from the air
    10: [
        {
            "stance": "pro",
            "claim": (
                "Drones can search large or dangerous areas for missing people or fleeing "
                "suspects without putting officers at risk."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Search and rescue rarely needs matching against national databases, so "
                        "the face feature adds risk without need."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "amara_o",
                    "children": [],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Aerial cameras see into rooftops, courtyards and crowds from above, extending "
                "surveillance into spaces people assume are private."
            ),
            "body": "",
            "evidence": [],
            "author": "jonas_k",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Rules can confine face matching to specific warrants and log every "
                        "search for later audit."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "mei_lin",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "Audit logs mean little where police do not answer to "
                                "independent courts or a free press."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "jonas_k",
                            "children": [],
                        },
                    ],
                },
            ],
        },
    ],
    # 11: Giving up some privacy for greater safety is a reasonable trade
    11: [
        {
            "stance": "pro",
            "claim": (
                "Safety is a precondition for enjoying other freedoms, and modest losses of "
                "privacy can prevent serious harm."
            ),
            "body": "",
            "evidence": [],
            "author": "mei_lin",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "The benefit is often overstated: evidence that cameras cut crime is "
                        "mixed and weakest for violent crime."
                    ),
                    "body": "",
                    "evidence": [
                        {
                            "url": "https://onlinelibrary.wiley.com/doi/10.1111/1745-9133.12419",
                            "title": (
                                "CCTV surveillance for crime prevention: A 40-year systematic "
                                "review with meta-analysis"
                            ),
                            "kind": "research",
                            "excerpt": "",
                        },
                    ],
                    "author": "amara_o",
                    "children": [
                        {
                            "stance": "con",
                            "claim": (
                                "The same body of research finds real drops in vehicle and "
                                "property crime, which matter to ordinary residents."
                            ),
                            "body": "",
                            "evidence": [],
                            "author": "mei_lin",
                            "children": [],
                        },
                    ],
                },
            ],
        },
        {
            "stance": "con",
            "claim": (
                "Knowing you are watched changes behaviour, producing self-censorship even among "
                "people who have done nothing wrong."
            ),
            "body": "",
            "evidence": [
                {
                    "url": "https://en.wikipedia.org/wiki/Chilling_effect",
                    "title": "Chilling effect",
                    "kind": "other",
                    "excerpt": "",
                },
            ],
            "author": "jonas_k",
            "children": [],
        },
        {
            "stance": "pro",
            "claim": (
                "The trade can be reasonable when elected bodies and independent courts set and "
                "enforce its limits."
            ),
            "body": "",
            "evidence": [],
            "author": "dev_patel",
            "children": [
                {
                    "stance": "con",
                    "claim": (
                        "Limits set today can be loosened tomorrow, and infrastructure built for "
                        "one purpose tends to be reused for others."
                    ),
                    "body": "",
                    "evidence": [],
                    "author": "amara_o",
                    "children": [],
                },
            ],
        },
    ],
}
