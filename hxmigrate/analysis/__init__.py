"""Facts about the whole project, computed once before any rule runs."""
