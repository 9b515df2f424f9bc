import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiContract, accessTokenOf, AUTH_COOKIE, CSRF_COOKIE, CurrentUser, type AuthUser, Public } from '@intake/auth';
import { LoginResultSchema, LoginSchema, type Login, UserSchema } from '@intake/contracts';
import { RpcClient, type RpcCallOptions } from '@intake/messaging';
import type { Request, Response } from 'express';
import { CallContext } from '../common/call-context';
import { ZodPipe } from '@intake/auth';
import { GATEWAY_CONFIG, type GatewayConfig } from '../config';
import { LoginThrottle } from './login-throttle';
import { SessionIfPresentGuard } from './session-if-present.guard';

/** The answers of auth-service that are a failed sign-in: a wrong name or password, or a locked account. */
const REFUSED_SIGN_IN = new Set(['INVALID_CREDENTIALS', 'ACCOUNT_LOCKED', 'UNAUTHENTICATED']);

@ApiTags('auth')
@Controller('auth')
export class SessionController {
  private readonly throttle: LoginThrottle;

  constructor(
    private readonly rpc: RpcClient,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {
    this.throttle = new LoginThrottle(config.loginRateLimit.limit, config.loginRateLimit.windowSeconds * 1000);
  }

  @Public()
  @Post('login')
  @HttpCode(200)
  @ApiContract({ body: LoginSchema, response: LoginResultSchema })
  async login(
    @Body(new ZodPipe(LoginSchema)) body: Login,
    @Req() req: Request & { id?: string },
    @Res({ passthrough: true }) res: Response,
  ) {
    const address = req.ip ?? 'unknown';
    const mark = this.throttle.begin(address);
    const result = await this.rpc.request('auth.session.login', { ...body, ip: req.ip ?? null }, { requestId: String(req.id) }).catch((error: unknown) => {
      // Only a refusal of the name and password counts: auth-service away for a moment must not lock out an office.
      if (!REFUSED_SIGN_IN.has((error as { code?: string }).code ?? '')) this.throttle.release(address, mark);
      throw error;
    });
    this.throttle.release(address, mark);
    const cookie = { sameSite: 'strict' as const, secure: this.config.cookies.secure, path: '/', maxAge: result.expires_in * 1000 };
    res.cookie(AUTH_COOKIE, result.access_token, { ...cookie, httpOnly: true });
    // Readable by the web app, which echoes it in the x-csrf-token header on unsafe requests.
    res.cookie(CSRF_COOKIE, result.csrf_token, cookie);
    return result;
  }

  /**
   * Ends the session of the token the request carries (Bearer or cookie, which needs the CSRF header),
   * so a copy of it is refused from now on; other sessions of the user go on. Without a live token
   * there is nothing to end, and only the cookies are cleared.
   */
  @Public()
  @UseGuards(SessionIfPresentGuard)
  @ApiBearerAuth()
  @Post('logout')
  @HttpCode(204)
  async logout(
    @Req() req: Request & { user?: AuthUser | null },
    @CallContext() ctx: RpcCallOptions,
    @Res({ passthrough: true }) res: Response,
  ): Promise<void> {
    const token = accessTokenOf(req);
    if (req.user && token) await this.rpc.request('auth.session.logout', { access_token: token }, ctx);
    this.clearCookies(res);
  }

  /** Ends every session of the caller's account, on every device, this one included; clears the cookies. */
  @ApiBearerAuth()
  @Post('logout-all')
  @HttpCode(204)
  async logoutAll(@CallContext() ctx: RpcCallOptions, @Res({ passthrough: true }) res: Response): Promise<void> {
    await this.rpc.request('auth.session.logoutAll', {}, ctx);
    this.clearCookies(res);
  }

  @ApiBearerAuth()
  @Get('me')
  @ApiContract({ response: UserSchema })
  me(@CurrentUser() user: AuthUser, @CallContext() ctx: RpcCallOptions) {
    return this.rpc.request('auth.users.get', { id: user.id }, ctx);
  }

  private clearCookies(res: Response): void {
    const cookie = { sameSite: 'strict' as const, secure: this.config.cookies.secure, path: '/' };
    res.clearCookie(AUTH_COOKIE, { ...cookie, httpOnly: true });
    res.clearCookie(CSRF_COOKIE, cookie);
  }
}
