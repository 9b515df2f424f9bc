import { All, Controller, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Roles } from '@intake/auth';
import type { Request, Response } from 'express';
import { RequireApp } from '@intake/messaging';
import { DocServiceProxy } from './doc-service-proxy';

/**
 * /api/documents/** belongs to the documents app: the gateway checks the token and the app
 * permission first, then hands the request to doc-service, which checks the token again.
 */
@ApiExcludeController()
@RequireApp('documents')
@Controller('documents')
export class DocumentsProxyController {
  constructor(private readonly proxy: DocServiceProxy) {}

  @All(['', '*path'])
  forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.proxy.forward(req, res);
  }
}

/** /api/settings/** (AI provider settings) is for admins only; doc-service checks that again. */
@ApiExcludeController()
@Roles('admin')
@Controller('settings')
export class SettingsProxyController {
  constructor(private readonly proxy: DocServiceProxy) {}

  @All(['', '*path'])
  forward(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.proxy.forward(req, res);
  }
}
