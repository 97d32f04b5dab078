"""`python -m povtrack`."""

from povtrack.cli import main

if __name__ == "__main__":
    main()
