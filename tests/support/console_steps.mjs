// Page-level steps of the operator's console the browser journeys share (Playwright pages): a
// phone-in request, a service's base price, a homeowner's request on /request, finding a request
// by phone and resending its confirmation, closing a request as fraud, and reading audit rows.
import assert from 'node:assert/strict';

// On /admin/leads/new: fills the caller's answers ({service_type, urgency, description, zip,
// address, name, phone, email, contact_method}) and the optional note for the audit trail
// (`reason`); leaves the consent box and "notify now" as they are.
export async function fillPhoneInForm(page, caller, reason = '') {
  await page.selectOption('#field-service_type', caller.service_type);
  await page.check(`#field-urgency-${caller.urgency}`);
  for (const f of ['description', 'zip', 'address', 'name', 'phone', 'email']) await page.fill(`#field-${f}`, caller[f]);
  await page.check(`#field-contact_method-${caller.contact_method}`);
  if (reason) await page.fill('#field-reason', reason);
}

// On the filled phone-in form: ticks the caller's consent and creates the request; returns its id
// (the page is on /admin/leads/{id}?done=created).
export async function submitPhoneIn(page) {
  await page.check('#field-consent');
  await Promise.all([
    page.waitForURL(/\/admin\/leads\/\d+\?done=created$/),
    page.getByRole('button', { name: 'Create the request' }).click(),
  ]);
  return Number(/\/admin\/leads\/(\d+)/.exec(page.url())[1]);
}

// On /admin/catalog: sets one service's base price with a reason and saves (ends on ?saved=1).
export async function setBasePriceOnCatalog(page, baseUrl, service, price, reason) {
  if (new URL(page.url()).pathname !== '/admin/catalog') await page.goto(`${baseUrl}/admin/catalog`);
  await page.locator(`#service-${service} #price-${service}`).fill(String(price));
  await page.fill('#catalog-reason', reason);
  await Promise.all([
    page.waitForURL(/\/admin\/catalog\?saved=1$/),
    page.locator('button[type=submit]', { hasText: 'Save the catalog' }).click(),
  ]);
  assert.match(await page.locator('#flash').innerText(), /The catalog is saved/);
  assert.equal(await page.inputValue(`#price-${service}`), String(price));
}

// A homeowner sends `fields` (support/marketplace.mjs validLeadFor) on /request; ends on the
// tracking page's "sent" step.
export async function requestOnForm(page, baseUrl, fields) {
  await page.goto(`${baseUrl}/request`);
  await page.selectOption('#field-service_type', fields.service_type);
  await page.fill('#field-description', fields.description);
  await page.check(`#field-urgency-${fields.urgency}`);
  await Promise.all([ // the ZIP check answers first (when no plumber covers it: "send anyway")
    page.waitForResponse((r) => r.url().includes('/request/coverage')),
    page.fill('#field-zip', fields.zip),
  ]);
  for (const f of ['address', 'name', 'phone', 'email']) await page.fill(`#field-${f}`, fields[f]);
  await page.check(`#field-contact_method-${fields.contact_method}`);
  if (await page.locator('#field-send_anyway').count()) await page.check('#field-send_anyway');
  await page.check('#field-consent');
  await Promise.all([
    page.waitForURL(/\/t\/[A-Za-z0-9_-]{22,}\/sent$/),
    page.locator('button[type=submit]', { hasText: 'Send my request' }).click(),
  ]);
}

// On /admin/leads: searches for the phone number as the caller says it and waits for the request
// `id` in the results (the page stays on the list).
export async function findRequestByPhone(page, phone, id) {
  await page.fill('#field-q', phone);
  await Promise.all([
    page.waitForURL((u) => u.pathname === '/admin/leads' && u.searchParams.has('q')),
    page.locator('form[role=search] button[type=submit]').first().click(),
  ]);
  await page.locator(`a[href="/admin/leads/${id}"]`).first().waitFor();
}

// From the list's result, opens the request's page.
export async function openRequestFromList(page, id) {
  await Promise.all([
    page.waitForURL((u) => u.pathname === `/admin/leads/${id}`),
    page.locator(`a[href="/admin/leads/${id}"]`).first().click(),
  ]);
  await page.locator('h1', { hasText: `Request #${id}` }).waitFor();
}

// On a request's page: resends the confirmation with a reason (ends on ?done=resent).
export async function resendConfirmationOnPage(page, reason) {
  await page.fill('#field-resend_reason', reason);
  await Promise.all([page.waitForURL(/\?done=resent$/), page.locator('#resend-form button[type=submit]').click()]);
  await page.locator('#flash', { hasText: 'Confirmation queued' }).waitFor();
}

// On a request's page: closes it as fraud with a reason (ends on ?done=closed, status closed).
export async function closeAsFraudOnPage(page, reason) {
  await page.check('#close-as-fraud');
  await page.fill('#field-close_reason', reason);
  await Promise.all([page.waitForURL(/\?done=closed$/), page.locator('#close-form button[type=submit]').click()]);
  await page.locator('#flash', { hasText: 'Request closed' }).waitFor();
  assert.equal((await page.locator('#lead-status').innerText()).trim(), 'closed');
}

// On /admin/audit: fills the filter form (any of actor, action, target_type, target_id, from, to;
// the others are cleared) and submits it; returns the rows shown, newest first:
// [{action, who, target, reason, change, text}].
export async function filterAuditPage(page, filters) {
  for (const f of ['actor', 'action', 'target_type', 'target_id']) await page.fill(`#field-${f}`, String(filters[f] ?? ''));
  await Promise.all([page.waitForURL(/\/admin\/audit\?/), page.locator('#audit-filters button[type=submit]').click()]);
  return page.locator('tbody tr').evaluateAll((rows) => rows.map((r) => {
    const cell = (i) => r.cells[i]?.innerText.trim() ?? '';
    return { action: r.dataset.action, who: cell(1), target: cell(3), reason: cell(4), change: cell(5), text: r.innerText };
  }));
}
