"""A source-cited dashboard of a state visit: data loading, validation, filters and figures."""
