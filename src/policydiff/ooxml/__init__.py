"""The one OOXML layer shared by the DOCX reader and the Word writers.

- `names`: namespaces and Clark names;
- `package`: the hardened package reader (zip limits, safe XML parser, relationships, main part);
- `build`: WordprocessingML element builders and the deterministic zip writer;
- `revisions`: accepting the tracked changes a package carries.
"""
