"""The views: pure builders of what each page shows (figures, maps, cards, tables, HTML), from the model."""
