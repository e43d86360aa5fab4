"""Charts and cards the pages draw with. Nothing here is a page: pages import these, never
each other."""
