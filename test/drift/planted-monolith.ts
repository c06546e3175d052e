import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A change to the reference monolith, as a team makes one during a migration,
 * without touching its code: a settings module on PYTHONPATH that imports the
 * monolith's settings and changes three things the functions depend on —
 * REST_FRAMEWORK's PAGE_SIZE (+5), a new read-only field on the order
 * serializer (added when the app is ready), and a URL pattern in front of the
 * users detail route that matches only digits. Returns the environment that
 * selects it (for gunicorn and manage.py alike).
 */
export function plantedMonolithEnv(): Record<string, string> {
  const dir = mkdtempSync(join(tmpdir(), 'canopy-planted-'));
  const app = join(dir, 'canopy_planted');
  mkdirSync(app);
  writeFileSync(join(app, '__init__.py'), '');
  writeFileSync(
    join(app, 'settings.py'),
    [
      'from monolith.settings import *  # noqa: F401,F403',
      'from monolith.settings import INSTALLED_APPS, REST_FRAMEWORK',
      '',
      'REST_FRAMEWORK = {**REST_FRAMEWORK, "PAGE_SIZE": REST_FRAMEWORK.get("PAGE_SIZE", 20) + 5}',
      'INSTALLED_APPS = [*INSTALLED_APPS, "canopy_planted.apps.PlantedConfig"]',
      'ROOT_URLCONF = "canopy_planted.urls"',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'apps.py'),
    [
      'from django.apps import AppConfig',
      '',
      '',
      'class PlantedConfig(AppConfig):',
      '    name = "canopy_planted"',
      '',
      '    def ready(self):',
      '        from rest_framework import serializers',
      '        from orders.serializers import OrderSerializer',
      '',
      '        OrderSerializer._declared_fields["customer_name"] = serializers.CharField(source="customer.username", read_only=True)',
      '        OrderSerializer.Meta.fields = [*OrderSerializer.Meta.fields, "customer_name"]',
      '',
    ].join('\n'),
  );
  writeFileSync(
    join(app, 'urls.py'),
    [
      'from django.urls import re_path',
      '',
      'from accounts.views import UserViewSet',
      'from monolith.urls import urlpatterns as monolith_urlpatterns',
      '',
      'urlpatterns = [re_path(r"^api/users/(?P<pk>[0-9]+)/$", UserViewSet.as_view({"get": "retrieve"}), name="user-by-number"), *monolith_urlpatterns]',
      '',
    ].join('\n'),
  );
  return { PYTHONPATH: [dir, process.env.PYTHONPATH].filter(Boolean).join(':'), DJANGO_SETTINGS_MODULE: 'canopy_planted.settings' };
}
