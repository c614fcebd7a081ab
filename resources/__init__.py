"""Files shipped with the application: demo notes, icons and style sheets."""
