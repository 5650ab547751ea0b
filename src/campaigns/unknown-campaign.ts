// An id that names no campaign in the database: a bad argument (CLI exit 2, HTTP 404), not a fault.
export class UnknownCampaignError extends Error {
  constructor(readonly campaignId: string) {
    super(`no campaign '${campaignId}' in this database (see sdfl campaign list)`);
    this.name = 'UnknownCampaignError';
  }
}
