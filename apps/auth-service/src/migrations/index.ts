import { CreateAuthTables1764100000000 } from './1764100000000-create-auth-tables';
import { AddTokensValidAfter1764100003000 } from './1764100003000-add-tokens-valid-after';
import { CreateRevokedTokens1764100004000 } from './1764100004000-create-revoked-tokens';
import { CreateDeletedUsers1764100005000 } from './1764100005000-create-deleted-users';
import { IndexLoginAttemptsByName1764100006000 } from './1764100006000-index-login-attempts-by-name';
import { GrantsAllowSomething1764100007000 } from './1764100007000-grants-allow-something';
import { AddPasswordChangeDue1764100008000 } from './1764100008000-add-password-change-due';

/** In order; add new migrations at the end, never edit a merged one. */
export const AUTH_MIGRATIONS = [CreateAuthTables1764100000000, AddTokensValidAfter1764100003000, CreateRevokedTokens1764100004000, CreateDeletedUsers1764100005000, IndexLoginAttemptsByName1764100006000, GrantsAllowSomething1764100007000, AddPasswordChangeDue1764100008000];
