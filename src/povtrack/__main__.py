"""`python -m povtrack`."""

from povtrack.cli.app import main

if __name__ == "__main__":
    main()
