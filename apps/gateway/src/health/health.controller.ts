import { Controller, Get, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Public } from '@intake/auth';
import type { ServiceHealth } from '@intake/contracts';
import { RpcClient } from '@intake/messaging';
import type { Response } from 'express';

const SERVICES = {
  'auth-service': 'auth.health.check',
  'import-service': 'import.health.check',
  'doc-service': 'doc.health.check',
} as const;
const PROBE_TIMEOUT_MS = 2000;

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly rpc: RpcClient) {}

  /** Liveness: the gateway process answers; no dependency is asked. */
  @Get('live')
  live() {
    return { status: 'ok' };
  }

  /** Readiness: NATS, each service, and the PostgreSQL each service uses. 503 when any is down. */
  @Get()
  async ready(@Res({ passthrough: true }) res: Response) {
    const [nats, ...answers] = await Promise.all([
      this.rpc.natsUp(PROBE_TIMEOUT_MS),
      ...Object.entries(SERVICES).map(([name, subject]) =>
        this.rpc.request(subject, {}, { timeoutMs: PROBE_TIMEOUT_MS }).catch(
          (error: Error): ServiceHealth & { error: string } => ({ service: name, status: 'down', database: 'unknown', uptime_seconds: 0, error: error.message }),
        ),
      ),
    ]);
    const services = Object.fromEntries(answers.map((a) => [a.service, a]));
    // Down when a service says so; unknown when none that answered says either way (NATS or the services away).
    const postgres = answers.some((a) => a.database === 'down') ? 'down' : answers.some((a) => a.database === 'up') ? 'up' : 'unknown';
    const healthy = nats && postgres === 'up' && answers.every((a) => a.status === 'up');
    res.status(healthy ? 200 : 503);
    return { status: healthy ? 'ok' : 'degraded', nats: nats ? 'up' : 'down', postgres, services };
  }
}
