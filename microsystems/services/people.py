"""People of an organisation: invitations, team memberships, hand-over, deactivation.

Every change to a unit's team locks the unit's row first, so two changes at the
same instant cannot both pass the last-lead check and leave a unit without a
team leader (the check and the write happen under one lock).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from microsystems.models import Membership, Microsystem, Organisation
from microsystems.permissions import people_of_organisation

EMAIL_IN_USE = "Someone already has an account with the e-mail address {email}."
UNIT_OF_ANOTHER_ORGANISATION = "{unit} is not a unit of {organisation}."
PERSON_OF_ANOTHER_ORGANISATION = "{name} is not one of the people of {organisation}."
PERSON_DEACTIVATED = "{name} is deactivated and cannot join a team."
ALREADY_ON_TEAM = "{name} is already on the team of {unit}."
NOT_ON_TEAM = "{name} is not on the team of {unit}."
LAST_LEAD = (
    "{name} is the only team leader of {unit}, and a unit always keeps one. "
    "Hand the unit over to someone else first."
)
LAST_ACTIVE_LEAD = (
    "{name} is the only team leader of {unit} who can sign in (the others are "
    "deactivated), and a unit always keeps one. Hand the unit over to someone else first."
)
UNIT_LEFT_WITHOUT_LEAD = (
    "{units} would be left without a team leader, and a unit always keeps one. "
    "Make someone else team leader first."
)
NOT_A_LEAD = "{name} is not a team leader of {unit}."
HAND_OVER_TO_SELF = "Choose someone other than {name} to take the unit over."
UNIT_ARCHIVED = "{unit} is archived; restore it before changing its team."
LEADS_ALONE = (
    "{name} is the only team leader of {units}. Hand over first, so no unit is left "
    "without a team leader."
)
CANNOT_DEACTIVATE_SELF = "You cannot deactivate your own account."
BELONGS_ELSEWHERE = (
    "{name} also belongs to another organisation; only an administrator can deactivate them."
)
ADMIN_ONLY_BY_ADMIN = "{name} is an administrator; only an administrator can deactivate them."


def display_name(user) -> str:
    return user.get_full_name() or user.get_username()


def _locked_unit(microsystem: Microsystem) -> Microsystem:
    """The unit's row, locked until the transaction ends (SQLite locks the whole database)."""
    locked = Microsystem.objects.select_for_update().get(pk=microsystem.pk)
    if locked.is_archived:
        raise ValidationError(UNIT_ARCHIVED.format(unit=locked.name))
    return locked


def _check_may_join(unit: Microsystem, user: AbstractBaseUser) -> None:
    if not user.is_active:
        raise ValidationError(PERSON_DEACTIVATED.format(name=display_name(user)))
    if not people_of_organisation(unit.organisation).filter(pk=user.pk).exists():
        raise ValidationError(
            PERSON_OF_ANOTHER_ORGANISATION.format(
                name=display_name(user), organisation=unit.organisation.name
            )
        )


def _other_leads(unit: Microsystem, user: AbstractBaseUser):
    return Membership.objects.filter(microsystem=unit, role=Membership.Role.LEAD).exclude(user=user)


def _check_keeps_a_lead(unit: Microsystem, membership: Membership) -> None:
    """Refuse taking `membership` away as lead if no other lead who can sign in is left:
    a deactivated lead counts in the database's rule, but leads no one."""
    if membership.role != Membership.Role.LEAD:
        return
    others = _other_leads(unit, membership.user)
    if others.filter(user__is_active=True).exists():
        return
    message = LAST_ACTIVE_LEAD if others.exists() else LAST_LEAD
    raise ValidationError(message.format(name=display_name(membership.user), unit=unit.name))


def units_left_without_a_lead(going) -> list[Microsystem]:
    """The units whose every team leader is among the memberships `going` (a queryset of
    memberships about to be deleted or made members), by name: what the database's rule
    (migration 0009) would refuse at commit, found before anything is written."""
    lead = Membership.Role.LEAD
    going_leads = going.filter(role=lead).values("pk")
    staying_leads = Membership.objects.filter(role=lead).exclude(pk__in=going_leads)
    return list(
        Microsystem.objects.filter(memberships__in=going_leads)
        .exclude(pk__in=staying_leads.values("microsystem_id"))
        .distinct()
        .order_by("name")
    )


def unit_names(units) -> str:
    return ", ".join(unit.name for unit in units)


def _membership(unit: Microsystem, user: AbstractBaseUser) -> Membership:
    membership = Membership.objects.filter(microsystem=unit, user=user).first()
    if membership is None:
        raise ValidationError(NOT_ON_TEAM.format(name=display_name(user), unit=unit.name))
    return membership


@transaction.atomic
def person_invite(
    *,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    email: str,
    units: list[Microsystem],
    role: str,
) -> AbstractBaseUser:
    """Create an account without a password, on the teams of `units` with `role`.

    The person signs in with their e-mail address, once they have set a
    password through the one-time link of their invitation.
    """
    User = get_user_model()
    email = User.objects.normalize_email(email.strip()).lower()
    if User.objects.filter(email__iexact=email).exists() or (
        User.objects.filter(username__iexact=email).exists()
    ):
        raise ValidationError({"email": EMAIL_IN_USE.format(email=email)})
    for unit in units:
        if unit.organisation_id != organisation.pk:
            raise ValidationError(
                {
                    "units": UNIT_OF_ANOTHER_ORGANISATION.format(
                        unit=unit.name, organisation=organisation.name
                    )
                }
            )
    user = User(
        username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip()
    )
    user.set_unusable_password()
    user.full_clean()
    try:
        # Two invitations of one address at the same instant: the second insert
        # waits for the first and then fails on the unique user name.
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise ValidationError({"email": EMAIL_IN_USE.format(email=email)}) from None
    for unit in units:
        _locked_unit(unit)
        Membership.objects.create(user=user, microsystem=unit, role=role)
    return user


@transaction.atomic
def membership_add(*, microsystem: Microsystem, user: AbstractBaseUser, role: str) -> Membership:
    """Put a person of the unit's organisation on its team."""
    unit = _locked_unit(microsystem)
    _check_may_join(unit, user)
    if Membership.objects.filter(microsystem=unit, user=user).exists():
        raise ValidationError(ALREADY_ON_TEAM.format(name=display_name(user), unit=unit.name))
    return Membership.objects.create(microsystem=unit, user=user, role=role)


@transaction.atomic
def membership_change_role(
    *, microsystem: Microsystem, user: AbstractBaseUser, role: str
) -> Membership:
    """Make a team member lead, or a lead member; the last lead stays lead."""
    unit = _locked_unit(microsystem)
    membership = _membership(unit, user)
    if role != Membership.Role.LEAD:
        _check_keeps_a_lead(unit, membership)
    if membership.role != role:
        membership.role = role
        membership.save(update_fields=["role"])
    return membership


@transaction.atomic
def membership_remove(*, microsystem: Microsystem, user: AbstractBaseUser) -> None:
    """Take a person off the unit's team; what they recorded stays attributed to them."""
    unit = _locked_unit(microsystem)
    membership = _membership(unit, user)
    _check_keeps_a_lead(unit, membership)
    membership.delete()


@transaction.atomic
def microsystem_hand_over(
    *,
    microsystem: Microsystem,
    from_lead: AbstractBaseUser,
    to_person: AbstractBaseUser,
    keep_as_member: bool,
) -> Membership:
    """In one step: `to_person` becomes team leader, `from_lead` a member or off the team."""
    unit = _locked_unit(microsystem)
    if to_person.pk == from_lead.pk:
        raise ValidationError(HAND_OVER_TO_SELF.format(name=display_name(from_lead)))
    outgoing = _membership(unit, from_lead)
    if outgoing.role != Membership.Role.LEAD:
        raise ValidationError(NOT_A_LEAD.format(name=display_name(from_lead), unit=unit.name))
    _check_may_join(unit, to_person)
    incoming, _ = Membership.objects.update_or_create(
        microsystem=unit, user=to_person, defaults={"role": Membership.Role.LEAD}
    )
    if keep_as_member:
        outgoing.role = Membership.Role.MEMBER
        outgoing.save(update_fields=["role"])
    else:
        outgoing.delete()
    return incoming


def units_led_alone(user: AbstractBaseUser) -> list[str]:
    """The names of the units (not archived) of which `user` is the only team leader who
    can sign in: deactivating them would leave those units with no one to lead them."""
    led = Membership.objects.filter(user=user, role=Membership.Role.LEAD).values_list(
        "microsystem_id", flat=True
    )
    shared = (
        Membership.objects.filter(
            microsystem_id__in=list(led), role=Membership.Role.LEAD, user__is_active=True
        )
        .exclude(user=user)
        .values_list("microsystem_id", flat=True)
    )
    return list(
        Microsystem.objects.filter(pk__in=list(led), archived_at__isnull=True)
        .exclude(pk__in=list(shared))
        .order_by("name")
        .values_list("name", flat=True)
    )


@transaction.atomic
def person_deactivate(
    *, organisation: Organisation, person: AbstractBaseUser, by: AbstractBaseUser
) -> AbstractBaseUser:
    """The person can no longer sign in; everything they recorded stays theirs.

    Their teams are kept (shown as deactivated), so a later reactivation needs
    no re-assignment. A manager deactivates only people of their own
    organisations; admins anyone but themselves.
    """
    User = get_user_model()
    person = User.objects.select_for_update().get(pk=person.pk)
    name = display_name(person)
    if person.pk == by.pk:
        raise ValidationError(CANNOT_DEACTIVATE_SELF)
    if not by.is_staff:
        if person.is_staff:
            raise ValidationError(ADMIN_ONLY_BY_ADMIN.format(name=name))
        elsewhere = Organisation.objects.exclude(pk=organisation.pk).filter(
            people_of_organisation_filter(person)
        )
        if elsewhere.exclude(managers=by).exists():
            raise ValidationError(BELONGS_ELSEWHERE.format(name=name))
    alone = units_led_alone(person)
    if alone:
        raise ValidationError(LEADS_ALONE.format(name=name, units=", ".join(alone)))
    if person.is_active:
        person.is_active = False
        person.save(update_fields=["is_active"])
    return person


def people_of_organisation_filter(person: AbstractBaseUser):
    """Organisations a person belongs to, as a filter on Organisation."""
    from django.db.models import Q

    return Q(microsystems__memberships__user=person) | Q(managers=person)


@transaction.atomic
def person_reactivate(
    *, organisation: Organisation, person: AbstractBaseUser, by: AbstractBaseUser
) -> AbstractBaseUser:
    """They can sign in again, with their old password and teams.

    The same arguments as person_deactivate: the people page offers both alike.
    """
    if not person.is_active:
        person.is_active = True
        person.save(update_fields=["is_active"])
    return person
