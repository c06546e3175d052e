"""
`manage.py seed`: a deterministic demo data set (users, tokens, sites, orders,
payments, audit entries) for comparing the monolith with its replacements.

Same database state on every run: random.Random(42), fixed timestamps from
2026-01-05T08:00:00Z, fixed salts. Refuses to run when users exist unless
--reset is given, which first deletes every row of the tables it fills and
restarts their id sequences.
"""
import random
from datetime import datetime, timedelta, timezone
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher, make_password
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.core.management.color import no_style
from django.db import connection, transaction
from rest_framework.authtoken.models import Token

from audit.models import AuditEntry
from orders.models import Order
from payments.models import Payment
from sites.models import Site

User = get_user_model()

BASE = datetime(2026, 1, 5, 8, 0, tzinfo=timezone.utc)
PASSWORD = "canopy-demo-1"
ADMIN_PASSWORD = "canopy-admin-1"
ORDER_COUNT = 600

# username, first name, last name, how the password is stored
CUSTOMERS = [
    ("alice", "Alice", "Archer", "pbkdf2_sha256"),
    ("bob", "Bob", "Baker", "pbkdf2_sha256_150000"),
    ("carol", "Carol", "Carter", "argon2"),
    ("dave", "Dave", "Dawson", "bcrypt_sha256"),
    ("erin", "Erin", "Evans", "bcrypt"),
    ("frank", "Frank", "Fisher", "pbkdf2_sha1"),
    ("grace", "Grace", "Green", "sha1"),
    ("heidi", "Heidi", "Hughes", "md5"),
    ("ivan", "Ivan", "Irving", "unsalted_sha1"),
    ("judy", "Judy", "Jones", "unsalted_md5"),
    ("mallory", "Mallory", "Marsh", "unusable"),
    ("oscar", "Oscar", "Owens", "pbkdf2_sha256"),  # inactive
]
STAFF = [
    ("admin", "Avery", "Admin", "pbkdf2_sha256"),  # superuser
    ("sam", "Sam", "Staff", "pbkdf2_sha256"),
]
STAFF_USERNAMES = {row[0] for row in STAFF}
TOKENS = {
    "alice": "35febdf6ec676c0033fb5af6e4101c8f10c6be72",
    "bob": "07440d79f997f7590bd3aeca6c96d030c57d8714",
    "admin": "4b9718712720cfc093884ba83f8f1db4eb6fffb1",
}
MALLORY_UNUSABLE = "!" + "CanopySeedUnusablePasswordForMallory0000"  # "!" + 40 chars, as Django makes

TOWNS = [("Leeds", "LS"), ("Bristol", "BS"), ("Manchester", "M"), ("York", "YO"), ("Norwich", "NR"),
         ("Cardiff", "CF"), ("Exeter", "EX"), ("Oxford", "OX"), ("Derby", "DE"), ("Hull", "HU")]
STREETS = ["High Street", "Station Road", "Mill Lane", "Church Road", "Canal Wharf", "Quarry Lane",
           "Harbour Road", "Farm Lane", "Depot Way", "Riverside Park"]
SITE_KINDS = ["Depot", "Yard", "Farm", "Works", "Garage", "Haulage Base"]
POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"

PRODUCTS = [  # product, weight, quantity range in hundredths, price per unit
    (Order.Product.DIESEL, 5, (5000, 3000000), Decimal("1.45")),
    (Order.Product.PETROL, 3, (2000, 500000), Decimal("1.40")),
    (Order.Product.ADBLUE, 2, (1000, 100000), Decimal("0.60")),
    (Order.Product.EV_CHARGE, 1, (500, 50000), Decimal("0.35")),
]
STATUSES = [  # status, weight
    (Order.Status.PENDING, 25), (Order.Status.CONFIRMED, 20), (Order.Status.DISPATCHED, 15),
    (Order.Status.DELIVERED, 30), (Order.Status.CANCELLED, 10),
]
PAID_STATUSES = {Order.Status.CONFIRMED, Order.Status.DISPATCHED, Order.Status.DELIVERED}
PAYMENT_COUNT = 12
CREATED_AUDIT_COUNT = 20


def encode_password(username, scheme, password):
    """A fixed-salt hash of `password` in the given scheme (Django 3.2 salts are 22 characters)."""
    salt = f"canopy{username}".ljust(22, "0")
    if scheme == "pbkdf2_sha256_150000":
        return PBKDF2PasswordHasher().encode(password, salt, iterations=150000)
    if scheme in ("bcrypt_sha256", "bcrypt"):
        return make_password(password, salt=f"$2b$12${f'Canopy{username}Seed'.ljust(22, 'x')}".encode(), hasher=scheme)
    if scheme in ("unsalted_sha1", "unsalted_md5"):
        return make_password(password, hasher=scheme)
    return make_password(password, salt=salt, hasher=scheme)


class Command(BaseCommand):
    help = "Seed the database with the deterministic demo data set."

    def add_arguments(self, parser):
        parser.add_argument("--reset", action="store_true", help="Delete existing data first.")

    def handle(self, *args, reset=False, **options):
        with transaction.atomic():
            if reset:
                self.reset()
            elif User.objects.exists():
                self.stdout.write(self.style.WARNING(
                    "Users already exist: nothing seeded. Run `manage.py seed --reset` to wipe and seed again."
                ))
                return
            rng = random.Random(42)
            users = self.create_users()
            tokens = self.create_tokens(users)
            sites = self.create_sites(rng, [users[row[0]] for row in CUSTOMERS])
            orders = self.create_orders(rng, sites)
            payments = self.create_payments(orders)
            audits = self.create_audit_entries(orders, payments)
        self.stdout.write(self.style.SUCCESS(
            f"Seeded {len(users)} users, {len(tokens)} tokens, {sum(map(len, sites.values()))} sites, "
            f"{len(orders)} orders, {len(payments)} payments, {len(audits)} audit entries."
        ))

    def reset(self):
        models = [AuditEntry, Payment, Order, Site, Token, Session, User]
        for model in models:
            model.objects.all().delete()
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), [AuditEntry, Payment, Order, Site, User]):
                cursor.execute(sql)
        self.stdout.write("Deleted existing users, tokens, sessions, sites, orders, payments and audit entries.")

    def create_users(self):
        users = {}
        for index, (username, first, last, scheme) in enumerate(CUSTOMERS + STAFF):
            is_admin = username == "admin"
            user = User(
                username=username,
                first_name=first,
                last_name=last,
                email=f"{username}@example.com",
                is_staff=username in STAFF_USERNAMES,
                is_superuser=is_admin,
                is_active=username != "oscar",
                date_joined=BASE - timedelta(days=180) + timedelta(days=7 * index, hours=index),
            )
            if scheme == "unusable":
                user.password = MALLORY_UNUSABLE
            else:
                user.password = encode_password(username, scheme, ADMIN_PASSWORD if is_admin else PASSWORD)
            user.save()
            users[username] = user
        return users

    def create_tokens(self, users):
        tokens = [Token.objects.create(user=users[name], key=key) for name, key in TOKENS.items()]
        Token.objects.update(created=BASE)  # auto_now_add overrode it
        return tokens

    def create_sites(self, rng, customers):
        sites, stamps = {}, []
        for customer in customers:
            sites[customer] = []
            for number in range(rng.choice([2, 3])):
                town, area = rng.choice(TOWNS)
                site = Site.objects.create(
                    customer=customer,
                    name=f"{town} {rng.choice(SITE_KINDS)}",
                    address=f"{rng.randint(1, 240)} {rng.choice(STREETS)}, {town}",
                    postcode=f"{area}{rng.randint(1, 28)} {rng.randint(1, 9)}"
                             f"{rng.choice(POSTCODE_LETTERS)}{rng.choice(POSTCODE_LETTERS)}",
                )
                stamps.append((site, customer.date_joined + timedelta(days=1 + number, hours=2)))
                sites[customer].append(site)
        for site, created_at in stamps:  # auto_now_add overrode them
            site.created_at = created_at
        Site.objects.bulk_update([site for site, _ in stamps], ["created_at"])
        return sites

    def create_orders(self, rng, sites):
        customers = list(sites)
        orders, stamps = [], []
        for index in range(ORDER_COUNT):
            customer = rng.choice(customers)
            product, _, (low, high), _ = rng.choices(PRODUCTS, weights=[p[1] for p in PRODUCTS])[0]
            status = rng.choices([s for s, _ in STATUSES], weights=[w for _, w in STATUSES])[0]
            created_at = BASE + timedelta(minutes=45 * index + rng.randint(0, 44), seconds=rng.randint(0, 59))
            window_start = (created_at + timedelta(days=rng.randint(1, 6))).replace(
                hour=rng.choice([6, 8, 10, 12, 14]), minute=0, second=0)
            paid_at = created_at + timedelta(minutes=rng.randint(1, 120)) if status in PAID_STATUSES else None
            orders.append(Order(
                customer=customer,
                site=rng.choice(sites[customer]),
                product=product,
                quantity=Decimal(rng.randint(low, high)).scaleb(-2),  # two places, e.g. 123.40
                window_start=window_start,
                window_end=window_start + timedelta(hours=rng.choice([2, 4, 6, 8])),
                status=status,
                paid_at=paid_at,
            ))
            stamps.append((created_at, paid_at or created_at))
        Order.objects.bulk_create(orders)  # no post_save: no audit, no dispatch call
        for order, (created_at, updated_at) in zip(orders, stamps):  # auto_now(_add) overrode them
            order.created_at, order.updated_at = created_at, updated_at
        Order.objects.bulk_update(orders, ["created_at", "updated_at"], batch_size=200)
        return orders

    def create_payments(self, orders):
        prices = {product: price for product, _, _, price in PRODUCTS}
        paid = [order for order in orders if order.paid_at][-PAYMENT_COUNT:]
        payments = Payment.objects.bulk_create([
            Payment(
                order=order,
                provider_event_id=f"evt_seed_{number:04d}",
                amount=(order.quantity * prices[order.product]).quantize(Decimal("0.01")),
                currency="GBP",
            )
            for number, order in enumerate(paid, start=1)
        ])
        for payment in payments:
            payment.received_at = payment.order.paid_at
        Payment.objects.bulk_update(payments, ["received_at"])
        return payments

    def create_audit_entries(self, orders, payments):
        entries = [
            AuditEntry(
                actor=order.customer,
                action="order.created",
                object_type="order",
                object_id=str(order.pk),
                data={"product": order.product, "quantity": str(order.quantity), "site_id": order.site_id},
                created_at=order.created_at,
            )
            for order in orders[-CREATED_AUDIT_COUNT:]
        ] + [
            AuditEntry(
                actor=None,
                action="order.paid",
                object_type="order",
                object_id=str(payment.order.pk),
                data={"event_id": payment.provider_event_id, "amount": str(payment.amount), "currency": "GBP"},
                created_at=payment.received_at,
            )
            for payment in payments
        ]
        stamps = [entry.created_at for entry in entries]
        AuditEntry.objects.bulk_create(entries)
        for entry, created_at in zip(entries, stamps):
            entry.created_at = created_at
        AuditEntry.objects.bulk_update(entries, ["created_at"])
        return entries
