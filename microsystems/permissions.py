"""The one place that answers: may this user view, edit or manage this microsystem?

Rules (docs/architecture.md, "From request to chart"):
- admins (active staff) see and edit everything;
- managers view every microsystem of the organisations they manage, and may
  create, edit the profile of, archive and restore microsystems there, and
  manage who belongs to them;
- team leaders (membership role "lead") edit the microsystems they lead;
- members view the microsystems they belong to.

Views never load a microsystem any other way. A signed-in user without view
rights gets 404, so the page does not reveal that the microsystem exists; a
viewer who tries to change something gets 403.
"""

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db.models import BooleanField, CharField, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.http import Http404

from core.prepared_queries import PreparedQuery
from microsystems.models import ConfigurationVersion, Membership, Microsystem, Organisation
from microsystems.report_cache import configuration_version


def is_admin(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


@dataclass(frozen=True)
class MicrosystemAccess:
    """What one user may do with one microsystem."""

    can_view: bool
    can_edit: bool
    can_manage: bool
    role_label: str
    # The profile (the five Ps) and the team: its leads, its managers, admins.
    can_edit_profile: bool = False


def _annotate_user_relation(queryset: QuerySet, user_pk: int) -> QuerySet:
    """Add the user's membership role and manager status in the same query."""
    return queryset.annotate(
        # order_by(): Membership's default ordering would join the unit and the user.
        user_role=Subquery(
            Membership.objects.filter(microsystem=OuterRef("pk"), user_id=user_pk)
            .order_by()
            .values("role")[:1]
        ),
        user_manages=Exists(
            Organisation.managers.through.objects.filter(
                organisation_id=OuterRef("organisation_id"), user_id=user_pk
            )
        ),
        # Read with the unit so that a cached report's key costs no query of its own.
        configuration_version=configuration_version(),
    )


def visible_microsystems_of(user_pk: int, *, admin: bool) -> QuerySet:
    """visible_microsystems() of an active user given by id (whether they are an admin
    said), the same SQL whatever the id: a prepared query can be built on it."""
    queryset = _annotate_user_relation(Microsystem.objects.select_related("organisation"), user_pk)
    if admin:
        return queryset
    return queryset.filter(Q(user_role__isnull=False) | Q(user_manages=True))


def visible_microsystems(user) -> QuerySet:
    """Every microsystem this user may view, annotated with their relation to it."""
    if not (user.is_authenticated and user.is_active):
        return Microsystem.objects.none()
    return visible_microsystems_of(user.pk, admin=is_admin(user))


def access_for(user, microsystem: Microsystem) -> MicrosystemAccess:
    """Access rights from a microsystem loaded through visible_microsystems()."""
    role = getattr(microsystem, "user_role", None)
    manages = bool(getattr(microsystem, "user_manages", False))
    admin = is_admin(user)
    leads = role == Membership.Role.LEAD
    if admin:
        label = "Admin"
    elif leads:
        label = "Team leader"
    elif manages:
        label = "Manager"
    elif role == Membership.Role.MEMBER:
        label = "Member"
    else:
        label = ""
    return MicrosystemAccess(
        can_view=bool(admin or role or manages),
        can_edit=bool((admin or leads) and not microsystem.is_archived),
        can_manage=bool(admin or manages),
        role_label=label,
        can_edit_profile=bool((admin or leads or manages) and not microsystem.is_archived),
    )


# What user_relation() annotates, in its order.
USER_RELATION = ("user_role", "user_manages", "user_manages_any", "configuration_version")


def user_relation(user_pk: int) -> dict[str, RawSQL]:
    """The annotations that give the user's relation to the unit of a query whose unit
    table goes by its own name (the unit itself, or a row of the unit joined to it),
    as visible_microsystems() annotates it; access_for() reads them.

    Built from Subquery and Exists, Django took about 1.6 ms of CPU to compile them
    (the filter on the annotations compiled both subqueries twice); written as raw
    SQL, about 0.9 ms, and in a prepared query (compiled once per process,
    core.prepared_queries) none. The SQL names the unit's own table, so a queryset
    with these must never be used inside another query (visible_microsystems() is the
    composable one).
    """
    unit = Microsystem._meta.db_table
    membership = Membership._meta.db_table
    managers = Organisation.managers.through._meta.db_table
    configuration = ConfigurationVersion._meta.db_table
    return {
        "user_role": RawSQL(
            f'SELECT m."role" FROM "{membership}" m '
            f'WHERE m."microsystem_id" = "{unit}"."id" AND m."user_id" = %s',
            (user_pk,),
            output_field=CharField(),
        ),
        "user_manages": RawSQL(
            f'EXISTS(SELECT 1 FROM "{managers}" om WHERE '
            f'om."organisation_id" = "{unit}"."organisation_id" AND om."user_id" = %s)',
            (user_pk,),
            output_field=BooleanField(),
        ),
        # Whether they manage any organisation at all, for the navigation bar
        # (user_is_manager): asked here, it needs no query of its own.
        "user_manages_any": RawSQL(
            f'EXISTS(SELECT 1 FROM "{managers}" om WHERE om."user_id" = %s)',
            (user_pk,),
            output_field=BooleanField(),
        ),
        "configuration_version": RawSQL(f'SELECT c."value" FROM "{configuration}" c LIMIT 1', ()),
    }


def _unit_with_user_relation(user_pk: int, slug: str) -> QuerySet:
    """The unit with `slug`, annotated with the user's relation to it (user_relation).

    Every page of a unit runs this query. Whether the user may see the unit is decided
    by access_for().
    """
    return (
        Microsystem.objects.select_related("organisation")
        .annotate(**user_relation(user_pk))
        .filter(slug=slug)
        .order_by("pk")[:1]
    )


unit_with_user_relation = PreparedQuery(_unit_with_user_relation, int, str)


def _load_with_user_relation(user, slug: str) -> Microsystem | None:
    """The unit with `slug` and the user's relation to it, or None (one query)."""
    if not (user.is_authenticated and user.is_active):
        return None
    found = unit_with_user_relation(user.pk, slug)
    return found[0] if found else None


def get_microsystem_for_user(
    user, slug: str, *, write: bool = False, manage: bool = False, profile: bool = False
) -> Microsystem:
    """Load a microsystem for a view, or raise 404 (no access) / 403 (read only).

    The returned object carries `.access` (a MicrosystemAccess). `write` asks for
    edit rights on the unit's data; `manage` for archive/restore rights;
    `profile` for the right to change its profile and its team.
    """
    return with_access(
        user, _load_with_user_relation(user, slug), write=write, manage=manage, profile=profile
    )


def with_access(
    user,
    microsystem: Microsystem | None,
    *,
    write: bool = False,
    manage: bool = False,
    profile: bool = False,
) -> Microsystem:
    """`microsystem`, loaded with the user's relation to it (user_relation), given its
    `.access`; or 404 (None, or no access) / 403 (read only), as get_microsystem_for_user
    says."""
    if microsystem is None:
        raise Http404("No microsystem found.")
    # Kept on this request's user object only: the next request asks again.
    user.manages_an_organisation = bool(microsystem.user_manages_any)
    access = access_for(user, microsystem)
    if not access.can_view:
        raise Http404("No microsystem found.")
    if (
        (write and not access.can_edit)
        or (manage and not access.can_manage)
        or (profile and not access.can_edit_profile)
    ):
        raise PermissionDenied("You may view this microsystem but not change it.")
    microsystem.access = access
    return microsystem


def require_admin(user) -> None:
    """For the configuration pages (value dimensions, measures): admins only, else 403."""
    if not is_admin(user):
        raise PermissionDenied("Only administrators can change this configuration.")


def organisations_user_can_create_in(user) -> QuerySet:
    """Organisations in which this user may create a microsystem."""
    if is_admin(user):
        return Organisation.objects.all()
    if not user.is_authenticated:
        return Organisation.objects.none()
    return Organisation.objects.filter(managers=user)


# Asked on every page but a unit's (whose query asks it): compiled once per process.
one_organisation_managed = PreparedQuery(
    lambda user_pk: Organisation.managers.through.objects.filter(user_id=user_pk).order_by()[:1],
    int,
)


def user_is_manager(user) -> bool:
    """Whether the user manages any organisation. On a unit's page the access helper
    has asked already, in the query that loaded the unit (get_microsystem_for_user)."""
    if not user.is_authenticated:
        return False
    known = getattr(user, "manages_an_organisation", None)
    if known is not None:
        return known
    return bool(one_organisation_managed(user.pk))


def organisations_user_manages(user) -> QuerySet:
    """Organisations whose people this user may manage: the ones they manage; admins all."""
    return organisations_user_can_create_in(user)


def get_organisation_for_user(user, slug: str) -> Organisation:
    """Load an organisation for its people pages, or 404 to anyone who does not manage it."""
    organisation = organisations_user_manages(user).filter(slug=slug).first()
    if organisation is None:
        raise Http404("No organisation found.")
    return organisation


def people_of_organisation(organisation: Organisation) -> QuerySet:
    """Everyone who belongs to an organisation: on a team of one of its units, or a manager."""
    from django.contrib.auth import get_user_model

    belongs = Q(
        Exists(
            Membership.objects.filter(
                user_id=OuterRef("pk"), microsystem__organisation_id=organisation.pk
            )
        )
    ) | Q(
        Exists(
            Organisation.managers.through.objects.filter(
                user_id=OuterRef("pk"), organisation_id=organisation.pk
            )
        )
    )
    return get_user_model().objects.filter(belongs)


def get_person_for_organisation(organisation: Organisation, user_id: int):
    """A person of this organisation for a people page, or 404: another organisation's
    people are not shown to its managers, nor said to exist."""
    person = people_of_organisation(organisation).filter(pk=user_id).first()
    if person is None:
        raise Http404("No such person in this organisation.")
    return person


def get_portfolio_organisations_for_user(user) -> list[Organisation]:
    """The organisations whose units a portfolio shows this user: those they manage,
    admins every one. 404 to anyone else (a team leader, a member), as for the
    organisations' people pages. One query."""
    organisations = list(organisations_user_manages(user).order_by("name"))
    if not organisations and not is_admin(user):
        raise Http404("You manage no organisation.")
    return organisations
