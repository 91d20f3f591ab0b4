import {
  ActionChanges,
  ActionFields,
  Convention,
  ConventionAction,
  ConventionChanges,
  ConventionIndicator,
  ConventionProgress,
  ConventionReport,
  CreateConvention,
  CreateConventionAction,
  CreateConventionIndicator,
  GetConvention,
  GetConventionProgress,
  GetConventionReport,
  IndicatorChanges,
  IndicatorFields,
  ListConventions,
  UpdateConvention,
  UpdateConventionAction,
  UpdateConventionIndicator,
} from '@app/contracts';
import { csvStream, NatsRpcClient } from '@app/platform';
import { Body, Controller, Get, Headers, Logger, Patch, Post, Query, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiExtraModels,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
  getSchemaPath,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Readable } from 'node:stream';
import { Roles } from '../auth/auth.decorators.js';
import { ApiServiceProblems } from '../problem/api-problems.decorator.js';
import { type Caller, CallerContext } from '../rpc/caller.decorator.js';
import { IdParam } from '../rpc/id-param.js';
import { parseIfMatch } from '../rpc/if-match.js';
import { REPORT_COLUMNS, reportLines } from './convention-report-csv.js';
import { PartyOrganizations } from './party-organizations.js';
import { resourceAnswer, ServiceJson } from '../rpc/service-json.js';

const IDEMPOTENCY_HEADER = { name: 'Idempotency-Key', required: false, description: 'A retry with the same key and body returns the first answer' } as const;
const IF_MATCH_HEADER = { name: 'If-Match', required: true, description: 'The version you read, in quotes ("3"): the ETag of your last read. 428 without it' } as const;

// Only POST /conventions carries @Roles: on the other routes the conventions service answers 404
// to a non-party before it checks the role (403), so nobody learns that a convention exists.
@ApiTags('Partnership conventions')
@ApiBearerAuth()
@Controller('conventions')
export class ConventionsController {
  private readonly logger = new Logger(ConventionsController.name);

  constructor(
    private readonly services: NatsRpcClient,
    private readonly organizations: PartyOrganizations,
  ) {}

  @Post()
  @Roles('manager')
  @ApiOperation({ summary: 'Create a convention (managers); your organisation must be among the signatories' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: Convention })
  @ApiServiceProblems(422)
  @ServiceJson()
  async create(@Body() body: CreateConvention.Request, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    await this.organizations.assertExist(body.parties);
    const convention = await this.services.requestJson(CreateConvention, body, caller);
    return resourceAnswer(reply, convention, '/api/v1/conventions');
  }

  @Get()
  @ApiOperation({ summary: 'The conventions your organisation is a party to, by title, in cursor pages' })
  @ApiOkResponse({ type: ListConventions.Response })
  @ApiServiceProblems()
  @ServiceJson()
  list(@Query() query: ListConventions.Request, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(ListConventions, query, caller);
  }

  @Get(':id')
  @ApiOperation({ summary: 'Read a convention (every member of a party organisation)' })
  @ApiOkResponse({ type: Convention })
  @ApiServiceProblems(404)
  @ServiceJson()
  async get(@IdParam() id: string, @CallerContext() caller: Caller, @Res({ passthrough: true }) reply: FastifyReply): Promise<string> {
    const convention = await this.services.requestJson(GetConvention, { id }, caller);
    return resourceAnswer(reply, convention);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change a convention (managers of a signatory), only if nobody changed it since you read it (If-Match)' })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: Convention })
  @ApiServiceProblems(404, 412, 422, 428)
  @ServiceJson()
  async update(
    @IdParam() id: string,
    @Body() changes: ConventionChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const expectedVersion = parseIfMatch(ifMatch);
    if (changes.parties) await this.organizations.assertExist(changes.parties);
    const convention = await this.services.requestJson(UpdateConvention, { id, changes, expectedVersion }, caller);
    return resourceAnswer(reply, convention);
  }

  @Post(':id/actions')
  @ApiOperation({ summary: "Add an action (managers of a signatory): one of the convention's axes, carried by one of its parties" })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: ConventionAction })
  @ApiServiceProblems(404, 422)
  @ServiceJson()
  async createAction(
    @IdParam() id: string,
    @Body() body: ActionFields,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const action = await this.services.requestJson(CreateConventionAction, { ...body, conventionId: id }, caller);
    return resourceAnswer(reply, action);
  }

  @Patch(':id/actions/:actionId')
  @ApiOperation({ summary: "Change an action (managers of a signatory; the responsible organisation's managers change its status)" })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: ConventionAction })
  @ApiServiceProblems(404, 412, 422, 428)
  @ServiceJson()
  async updateAction(
    @IdParam() id: string,
    @IdParam('actionId') actionId: string,
    @Body() changes: ActionChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const expectedVersion = parseIfMatch(ifMatch);
    const action = await this.services.requestJson(UpdateConventionAction, { conventionId: id, id: actionId, changes, expectedVersion }, caller);
    return resourceAnswer(reply, action);
  }

  @Post(':id/indicators')
  @ApiOperation({ summary: 'Add an indicator (managers of a signatory); it counts from 0, from now on' })
  @ApiHeader(IDEMPOTENCY_HEADER)
  @ApiCreatedResponse({ type: ConventionIndicator })
  @ApiServiceProblems(404, 422)
  @ServiceJson()
  async createIndicator(
    @IdParam() id: string,
    @Body() body: IndicatorFields,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<string> {
    const indicator = await this.services.requestJson(CreateConventionIndicator, { ...body, conventionId: id }, caller);
    return resourceAnswer(reply, indicator);
  }

  @Patch(':id/indicators/:indicatorId')
  @ApiOperation({ summary: "Set a manual indicator's value (managers of any party), or change a label or target (managers of a signatory)" })
  @ApiHeader(IF_MATCH_HEADER)
  @ApiOkResponse({ type: ConventionIndicator })
  @ApiServiceProblems(404, 412, 422, 428)
  @ServiceJson()
  async updateIndicator(
    @IdParam() id: string,
    @IdParam('indicatorId') indicatorId: string,
    @Body() changes: IndicatorChanges,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
    @Headers('if-match') ifMatch?: string,
  ): Promise<string> {
    const expectedVersion = parseIfMatch(ifMatch);
    const indicator = await this.services.requestJson(UpdateConventionIndicator, { conventionId: id, id: indicatorId, changes, expectedVersion }, caller);
    return resourceAnswer(reply, indicator);
  }

  @Get(':id/progress')
  @ApiOperation({ summary: "Each indicator's value against its target, and the actions by status (overdue: open after their day)" })
  @ApiOkResponse({ type: ConventionProgress })
  @ApiServiceProblems(404)
  @ServiceJson()
  progress(@IdParam() id: string, @CallerContext() caller: Caller): Promise<string> {
    return this.services.requestJson(GetConventionProgress, { id }, caller);
  }

  @Get(':id/report')
  @ApiOperation({
    summary: 'The steering-committee report over a period: per axis, the actions with status and owner, and each indicator at the period’s end',
    description:
      'JSON, or with `Accept: text/csv` a CSV file (RFC 4180, UTF-8 with a byte order mark; one line per action then per indicator, axis by axis; ' +
      "text cells starting with = + - @, a tab or a carriage return prefixed with ' so that a spreadsheet never runs them).",
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiExtraModels(ConventionReport)
  @ApiOkResponse({
    content: {
      'application/json': { schema: { $ref: getSchemaPath(ConventionReport) } },
      'text/csv': { schema: { type: 'string', maxLength: 100_000_000 } },
    },
  })
  @ApiServiceProblems(404)
  async report(
    @IdParam() id: string,
    @Query() period: GetConventionReport.ReportPeriod,
    @CallerContext() caller: Caller,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConventionReport | Readable> {
    const report = await this.services.request(GetConventionReport, { ...period, id }, caller);
    const names = await this.organizations.names(report.parties.map((party) => party.organizationId));
    for (const party of report.parties) party.name = names.get(party.organizationId) ?? null;
    for (const action of report.axes.flatMap((axis) => axis.actions)) action.responsibleOrganizationName = names.get(action.responsibleOrganizationId) ?? null;
    // Read off the request rather than as a parameter: OpenAPI describes Accept through the answer's content types.
    if (!/\btext\/csv\b/i.test(reply.request.headers.accept ?? '')) return report;
    void reply
      .header('Content-Type', 'text/csv; charset=utf-8')
      .header('Content-Disposition', `attachment; filename="convention-report-${report.from}-${report.to}.csv"`);
    return csvStream(REPORT_COLUMNS, reportLines(report), (error) => this.logger.warn({ requestId: caller.requestId, conventionId: id, err: error }, 'A convention report stopped before its end'));
  }
}
