"""Pages the plugin adds to the built site (generated, never written into ``docs/``)."""
