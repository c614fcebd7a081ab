"""The desktop window: the only part of Changelog Explorer that uses Qt."""
