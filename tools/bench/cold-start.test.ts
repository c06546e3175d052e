import { describe, expect, it } from 'vitest';
import { startupPhases } from './cold-start.ts';

describe('startupPhases', () => {
  const line = JSON.stringify({ severity: 'INFO', message: 'users listening on 8080', startup: { bootMs: 30, importMs: 20, configMs: 2, routesMs: 15, listenMs: 1 } });

  it("reads the start-up line's phases and gives the rest of the cold start to the first answer", () => {
    expect(startupPhases(`some noise\n${line}\n{"severity":"INFO","message":"GET /api/users/1/ 200"}\n`, 100)).toEqual({
      bootMs: 30,
      importMs: 20,
      configMs: 2,
      routesMs: 15,
      listenMs: 1,
      firstAnswerMs: 32,
    });
  });

  it('never gives the first answer a negative share', () => {
    expect(startupPhases(line, 50)?.firstAnswerMs).toBe(0);
  });

  it('is null without a start-up line (the framework runtime, the monolith)', () => {
    expect(startupPhases('[INFO] Listening at: http://127.0.0.1:8000\n{"startup": broken', 100)).toBeNull();
  });
});
