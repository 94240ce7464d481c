"""The hand-written gold alignment of the worked example: every pair a careful reader would make.

Each entry is (op, left texts, right texts), texts given by their opening words. Clauses not
listed are added (right) or removed (left), which `test_compare.py` checks too.
"""

GOLD_PAIRS: list[tuple[str, str, str]] = [
    ("reworded", "JPAC LTD Out of School Clubs", "Kidspace Wrap Around Care"),
    ("unchanged", "Social Media Policy", "Social Media Policy"),
    ("reworded", "JPAC LTD recognises that many staff", "Kidspace Wrap Around Care recognises"),
    ("reworded", "This policy covers (but is not limited to)", "This policy applies to all"),
    ("unchanged", "Twitter", "Twitter"),
    ("unchanged", "Facebook", "Facebook"),
    ("unchanged", "YouTube", "YouTube"),
    ("unchanged", "Tumblr", "Tumblr"),
    ("unchanged", "Personal blogs and websites", "Personal blogs and websites"),
    ("unchanged", "Comments posted on third party", "Comments posted on third party"),
    ("unchanged", "Online forums", "Online forums"),
    ("reworded", "WhatsApp", "Messaging services and group chats, including WhatsApp"),
    ("unchanged", "Social media rules", "Social media rules"),
    ("unchanged", "When using social media sites, staff must not:", "When using social media sites"),
    ("reworded", "Post anything that could damage our Club's reputation.", "Post, share, like, comment on"),
    ("reworded", "Post anything that could offend other members", "Post anything that could offend,"),
    ("reworded", "Publish any photographs or materials", "Publish, share or store photographs"),
    ("reworded", "Accept invitations from parents to connect", "Accept invitations from parents or carers"),
    ("reworded", "Discuss with parents any issues", "Discuss children, families, complaints"),
    ("reworded", "Any member of staff who posts content", "Any member of staff who posts content"),
    ("unchanged", "General cautions for using social media", "General cautions for using social media"),
    ("unchanged", "When using social media in any context", "When using social media in any context"),
    ("unchanged", "No information published via the internet", "No information published via the internet"),
    ("unchanged", "Once an image or information is in the public domain", "Once an image or information"),
    ("unchanged", "Related policies", "Related policies"),
    ("reworded", "See also: Mobile Phone policy, Confidentiality", "See also: Mobile Phone policy, Data"),
]
GOLD_REMOVED = ["Any JPAC site MUST be used", "Reviewed October 2021"]
GOLD_ADDED = [
    "Instagram",
    "Clubhouse",
    "TikTok",
    "Any future or emerging online platform",
    "Purpose and scope",
    "The purpose of this policy is to provide",
    "Use personal accounts, personal devices",
    "Share confidential information, safeguarding information",
    "Official social media and publicity",
    "Only authorised persons may create",
    "Reporting concerns",
    "Staff must immediately report",
]
GOLD_SLOT = ("JPAC LTD", "Kidspace Wrap Around Care")
