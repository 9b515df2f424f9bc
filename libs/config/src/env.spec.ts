import { ConfigError } from './env';
import { loadAuthServiceConfig } from './auth-service.config';
import { loadGatewayConfig } from './gateway.config';
import { loadDocServiceConfig } from './doc-service.config';
import { loadImportServiceConfig } from './import-service.config';

const SECRETS_KEY = Buffer.alloc(32, 7).toString('base64');

describe('config loading', () => {
  it('maps defaults into a nested config', () => {
    const config = loadGatewayConfig({});
    expect(config.http.port).toBe(3000);
    expect(config.nats.url).toBe('nats://127.0.0.1:4222');
    expect(config.loginRateLimit).toEqual({ limit: 10, windowSeconds: 60 });
  });

  it('stops with a message naming every bad variable', () => {
    expect(() => loadGatewayConfig({ PORT: 'eighty', NATS_URL: 'http://x' })).toThrow(ConfigError);
    expect(() => loadGatewayConfig({ PORT: 'eighty', NATS_URL: 'http://x' })).toThrow(/PORT: .*NATS_URL: must be a nats:\/\/ URL|NATS_URL: must be a nats:\/\/ URL.*PORT/);
    expect(() => loadAuthServiceConfig({ ADMIN_PASSWORD: 'short' })).toThrow(/ADMIN_PASSWORD: must be at least 10 characters/);
  });

  it('takes TRUST_PROXY as a hop count or addresses, never "true"', () => {
    expect(loadGatewayConfig({}).http.trustProxy).toBe(false);
    expect(loadGatewayConfig({ TRUST_PROXY: '1' }).http.trustProxy).toBe(1);
    expect(loadGatewayConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8' }).http.trustProxy).toEqual(['loopback', '10.0.0.0/8']);
    expect(() => loadGatewayConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY: use a hop count/);
  });

  it('refuses an ADMIN_USERNAME the API itself would refuse', () => {
    expect(() => loadAuthServiceConfig({ ADMIN_USERNAME: 'admin user' })).toThrow(/ADMIN_USERNAME/);
  });

  it('treats empty variables as unset', () => {
    expect(loadAuthServiceConfig({ ADMIN_PASSWORD: '' }).bootstrapAdmin.password).toBeUndefined();
  });

  it('puts JWT keys in the data dir unless files are named', () => {
    expect(loadAuthServiceConfig({ DATA_DIR: '/srv/intake' }).jwt.privateKeyFile).toBe('/srv/intake/keys/jwt-private.pem');
    expect(loadAuthServiceConfig({ JWT_PRIVATE_KEY_FILE: '/k/p.pem' }).jwt.privateKeyFile).toBe('/k/p.pem');
  });

  it('takes the worker role from --role= over the environment', () => {
    expect(loadImportServiceConfig({ SECRETS_KEY, SERVICE_ROLE: 'api' }, ['--role=worker']).role).toBe('worker');
    expect(loadDocServiceConfig({ SECRETS_KEY, SERVICE_ROLE: 'api' }, ['--role=worker']).role).toBe('worker');
    expect(() => loadDocServiceConfig({ SECRETS_KEY }, ['--role=both'])).toThrow(/SERVICE_ROLE/);
  });

  it('gives an import analysis 30 minutes unless told otherwise', () => {
    expect(loadImportServiceConfig({ SECRETS_KEY }).analysisTimeoutMs).toBe(1_800_000);
    expect(loadImportServiceConfig({ SECRETS_KEY, IMPORT_ANALYSIS_TIMEOUT_SECONDS: '5' }).analysisTimeoutMs).toBe(5000);
    expect(() => loadImportServiceConfig({ SECRETS_KEY, IMPORT_ANALYSIS_TIMEOUT_SECONDS: '0' })).toThrow(/IMPORT_ANALYSIS_TIMEOUT_SECONDS/);
  });

  it('lets a user keep 2 GB of import files unless told otherwise, and refuses a cap that is no number of MB', () => {
    expect(loadImportServiceConfig({ SECRETS_KEY }).maxStoredBytesPerUser).toBe(2048 * 1024 * 1024);
    expect(loadImportServiceConfig({ SECRETS_KEY, IMPORT_MAX_STORED_MB_PER_USER: '1' }).maxStoredBytesPerUser).toBe(1024 * 1024);
    for (const bad of ['0', '1.5', 'lots']) expect(() => loadImportServiceConfig({ SECRETS_KEY, IMPORT_MAX_STORED_MB_PER_USER: bad })).toThrow(/IMPORT_MAX_STORED_MB_PER_USER/);
  });

  it('keeps the document settings file in the data dir unless one is named', () => {
    expect(loadDocServiceConfig({ SECRETS_KEY, DATA_DIR: '/srv/intake' }).settingsFile).toBe('/srv/intake/doc_service_config.json');
    expect(loadDocServiceConfig({ SECRETS_KEY, DOC_SETTINGS_FILE: '/config/doc_service_config.json' }).settingsFile).toBe('/config/doc_service_config.json');
    expect(() => loadDocServiceConfig({})).toThrow(/SECRETS_KEY/);
  });

  it('waits 90 s on a silent doc-service and cancels statements after 60 s unless told otherwise', () => {
    expect(loadGatewayConfig({}).docService.timeoutMs).toBe(90_000);
    expect(loadGatewayConfig({ DOC_SERVICE_TIMEOUT_SECONDS: '5' }).docService.timeoutMs).toBe(5000);
    expect(() => loadGatewayConfig({ DOC_SERVICE_TIMEOUT_SECONDS: '0' })).toThrow(/DOC_SERVICE_TIMEOUT_SECONDS/);
    expect(loadAuthServiceConfig({}).database.statementTimeoutMs).toBe(60_000);
    expect(loadAuthServiceConfig({ DB_STATEMENT_TIMEOUT_SECONDS: '0' }).database.statementTimeoutMs).toBe(0);
    expect(() => loadAuthServiceConfig({ DB_STATEMENT_TIMEOUT_SECONDS: '-5' })).toThrow(/DB_STATEMENT_TIMEOUT_SECONDS/);
  });
});
