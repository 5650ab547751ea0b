import { describe, expect, it } from 'vitest';
import { parseCampaignSpec } from '../../src/campaigns/campaign-spec.js';
import { DEFAULT_CAMPAIGN_SPEC, DEFAULT_CAMPAIGN_SPEC_TEXT } from '../../src/web/default-spec.js';

describe('the start form\'s example spec', () => {
  it('is a campaign spec the domain accepts, as shown in the form', () => {
    const spec = parseCampaignSpec(JSON.parse(DEFAULT_CAMPAIGN_SPEC_TEXT));
    expect(spec).toMatchObject(DEFAULT_CAMPAIGN_SPEC);
  });
});
