"""Reading documents: frontmatter split, YAML composed with positions, Markdown headings."""
