"""`AnyOf`: a column in a list of keys, as one array on PostgreSQL.

A manager sees the records of a hundred people or more, so every list,
total and report they open filters on `owner_id IN (…)` with a hundred
keys. Written `owner_id = ANY(%s)`, the keys go to the database as one
array: PostgreSQL plans both the same (it turns an `IN` list into `= ANY`
itself), but Django builds and psycopg binds one parameter instead of a
hundred, on every query of every page. Other databases get the plain `IN`.
"""

from django.core.exceptions import EmptyResultSet
from django.db.models import F, Q
from django.db.models.lookups import In


class AnyOf(In):
    """`In` that PostgreSQL receives as `= ANY(array)`; used as an expression."""

    def as_postgresql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        values = [value for value in self.rhs if value is not None]
        if not values:
            raise EmptyResultSet
        field = self.lhs.output_field
        values = [field.get_db_prep_value(value, connection) for value in values]
        array_type = field.cast_db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", (*lhs_params, values)


def any_of(field: str, values) -> Q:
    """A filter: `field` is one of `values` (a list of keys)."""
    return Q(AnyOf(F(field), list(values)))
