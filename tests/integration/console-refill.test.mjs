// Refused console forms give back what the admin typed (issue 15): the service catalog and a
// plumber's profile edit come back with 422, the typed values in the fields (not the stored ones),
// and nothing stored changed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BACKENDS } from '../support/server.mjs';
import { query } from '../support/db.mjs';
import { readyPlumber, startMarketplace } from '../support/marketplace.mjs';

for (const [db, skip] of BACKENDS) {
  describe(`refused console forms keep what was typed (${db})`, { skip }, () => {
    let m;
    let admin;
    let plumber;

    before(async () => {
      m = await startMarketplace({ db, maildev: false });
      admin = await m.adminClient();
      plumber = await readyPlumber(m, 'refill', { profile: { services: ['drain_cleaning'] } });
    });
    after(async () => { await m?.close(); });

    it('the catalog form comes back with the typed values', async () => {
      const stored = query(m.srv, "SELECT label, base_price_credits FROM service_types WHERE slug = 'water_heater'")[0];
      await admin.get('/admin/catalog');
      const res = await admin.post('/admin/catalog', [
        ['slug', 'water_heater'], ['label_water_heater', 'Boilers typed'], ['description_water_heater', 'Typed words'],
        ['price_water_heater', 'twelve'], ['order_water_heater', '7'],
        ['urgency', 'flexible'], ['ulabel_flexible', 'Whenever typed'], ['surcharge_flexible', '4'],
        ['new_slug', 'gas_typed'], ['new_label', 'Gas typed'], ['new_price', '9'], ['new_order', '55'],
        ['reason', 'Typed reason'],
      ]);
      assert.equal(res.status, 422, res.body.slice(0, 300));
      const page = res.body;
      assert.match(page, /id="label-water_heater" name="label_water_heater" value="Boilers typed"/);
      assert.match(page, /id="price-water_heater" name="price_water_heater" value="twelve"/);
      assert.match(page, /id="order-water_heater" name="order_water_heater" value="7"/);
      assert.match(page, /name="description_water_heater"[^>]*>Typed words<\/textarea>/);
      assert.match(page, /id="active-water_heater"(?! checked)>/, 'the unticked box stays unticked');
      assert.match(page, /name="ulabel_flexible" value="Whenever typed"/);
      assert.match(page, /name="surcharge_flexible" value="4"/);
      assert.match(page, /name="new_slug" value="gas_typed"/);
      assert.match(page, /name="new_price" value="9"/);
      assert.match(page, /id="new-active">/, 'the new service box as typed (unticked)');
      assert.match(page, /name="reason" value="Typed reason"/);
      assert.deepEqual(query(m.srv, "SELECT label, base_price_credits FROM service_types WHERE slug = 'water_heater'")[0], stored);
      assert.equal(query(m.srv, "SELECT count(*) FROM service_types WHERE slug = 'gas_typed'")[0][0], '0');
    });

    it("the plumber's edit form comes back with the typed values", async () => {
      const storedName = query(m.srv, `SELECT business_name, radius_miles FROM plumbers WHERE user_id = ${plumber.id}`)[0];
      await admin.get(`/admin/plumbers/${plumber.id}`);
      const res = await admin.post(`/admin/plumbers/${plumber.id}/edit`, [
        ['business_name', 'Typed Plumbing Co'], ['contact_name', 'Typed Contact'], ['phone', '(415) 555-0199'],
        ['base_zip', '94110'], ['radius_miles', '500'], ['services', 'leak_repair'], ['services', 'repiping'],
        ['reason', 'Typed edit reason'],
      ]);
      assert.equal(res.status, 422, res.body.slice(0, 300));
      const page = res.body;
      assert.match(page, /id="edit-business_name" name="business_name" value="Typed Plumbing Co"/);
      assert.match(page, /id="edit-contact_name" name="contact_name" value="Typed Contact"/);
      assert.match(page, /id="edit-radius_miles" name="radius_miles" value="500"/);
      assert.match(page, /value="leak_repair" checked/);
      assert.match(page, /value="repiping" checked/);
      assert.doesNotMatch(page, /value="drain_cleaning" checked/, 'the stored service the admin unticked');
      assert.match(page, /Typed edit reason<\/textarea>/);
      assert.deepEqual(query(m.srv, `SELECT business_name, radius_miles FROM plumbers WHERE user_id = ${plumber.id}`)[0], storedName);
    });
  });
}
