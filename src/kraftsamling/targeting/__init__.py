"""Targeting: selection rounds that choose the target sub-areas with the committees."""
