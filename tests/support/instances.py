"""What a model instance carries, for tests that compare two ways of reading it."""


def state(instance) -> dict:
    """Every attribute a page could read: fields, annotations, select_related objects."""
    values = {name: value for name, value in vars(instance).items() if name != "_state"}
    related = {
        name: state(cached) for name, cached in instance._state.fields_cache.items() if cached
    }
    return {"values": values, "related": related, "db": instance._state.db}
