"""`python -m policydiff`: the command line."""

from policydiff.cli import main

if __name__ == "__main__":
    main()
