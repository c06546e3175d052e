/**
 * The edge: Cloud Armor's rules (the login throttle's expression, as Terraform
 * renders it from login-throttle.json, the file the local load balancer reads;
 * the rules' order, since the first matching rule decides), the monolith's
 * origin token, and routed functions open to the load balancer without an
 * allUsers binding.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOGIN_THROTTLE_PATH, loadLoginThrottle } from '../stack/login-throttle.ts';
import { block, INFRA_DIR, loadTerraform, terraformFiles, type Block } from './terraform.ts';
import { evaluate } from './terraform-eval.ts';

describe('the Cloud Armor policy', async () => {
  const module = (await loadTerraform()).get('modules/load-balancer')!;
  const rules = module.resources['google_compute_security_policy.this']!.rule as Block[];
  const byDescription = (text: string) => rules.find((r) => String(r.description).includes(text))!;

  it('matches the login spellings with the pattern the local load balancer applies', () => {
    const [expression] = evaluate(module, ['local.login_expression'], { files: { 'login-throttle.json': readFileSync(LOGIN_THROTTLE_PATH, 'utf8') } });
    expect(expression).toBe(`request.path.matches('${loadLoginThrottle().pathRegex}')`);
  });

  it('throttles the login per IP with the file\'s count and window, 429 above it', () => {
    const login = byDescription('Login throttle');
    expect(login.action).toBe('throttle');
    const options = block(login, 'rate_limit_options')!;
    expect(options).toMatchObject({ enforce_on_key: 'IP', exceed_action: 'deny(429)' });
    expect(block(options, 'rate_limit_threshold')).toEqual({ count: '${local.login_throttle.requests}', interval_sec: '${local.login_throttle.intervalSec}' });
  });

  it('runs the WAF, then the login throttle, then the per-IP limit (a conforming throttle allows at once)', () => {
    const priority = (text: string) => Number(byDescription(text).priority);
    expect(priority('OWASP')).toBeLessThan(priority('Login throttle'));
    expect(priority('Login throttle')).toBeLessThan(priority('Per-client-IP rate limit'));
    expect(rules.every((r) => String(r.description ?? '').length <= 64)).toBe(true);
  });
});

describe('the way around the edge', async () => {
  const terraform = await loadTerraform();

  it('is closed at the monolith: its backend sends the origin token from Secret Manager on every request', () => {
    const backend = terraform.get('modules/load-balancer')!.resources['google_compute_backend_service.monolith']!;
    expect(backend.custom_request_headers).toEqual(['X-Canopy-Origin-Token: ${var.origin_token}']);
    const root = terraform.get('')!;
    expect(root.modules.load_balancer!.origin_token).toBe('${data.google_secret_manager_secret_version.origin_token.secret_data}');
    expect(root.modules.secrets!.names).toContain('ORIGIN_TOKEN');
  });

  it('lets the load balancer invoke routed functions with the IAM check off, not with allUsers (domain-restricted sharing refuses it)', () => {
    const service = terraform.get('modules/function-service')!.resources['google_cloud_run_v2_service.this']!;
    expect(service.invoker_iam_disabled).toBe(true);
    const allUsers = terraformFiles().filter((file) => readFileSync(join(INFRA_DIR, file), 'utf8').includes('"allUsers"'));
    expect(allUsers).toEqual([]);
  });
});
