// The IANA time zone of a US ZIP from its state and county (GeoNames names), for build-zips.mjs.
//
// Rule (docs/decisions/0008-local-times.md):
//   - a state or territory in one zone gets that zone;
//   - a split state gets its main zone, except the counties listed for another zone; a county that
//     is itself split (Gulf FL, Idaho ID, Malheur OR, McKenzie and Sioux ND, Cherry NE) takes the
//     zone of its county seat; a few ZIPs whose town differs from its county are listed by ZIP;
//   - one representative zone per set of current rules (e.g. America/New_York for all of Eastern
//     Indiana and Kentucky, America/Chicago for Central Indiana): every time shown is recent, and
//     these zones have had the same rules since 2007;
//   - military mail (AA/AE/AP) and rows with no state get no zone (the server uses the platform's).

const EASTERN = 'America/New_York', CENTRAL = 'America/Chicago', MOUNTAIN = 'America/Denver';
const ARIZONA = 'America/Phoenix', PACIFIC = 'America/Los_Angeles', ALASKA = 'America/Anchorage';
const ALEUTIAN = 'America/Adak', HAWAII = 'Pacific/Honolulu', ATLANTIC = 'America/Puerto_Rico';
const CHAMORRO = 'Pacific/Guam', SAMOA = 'Pacific/Pago_Pago';

const ONE_ZONE = {
  CT: EASTERN, DE: EASTERN, DC: EASTERN, GA: EASTERN, ME: EASTERN, MD: EASTERN, MA: EASTERN,
  NH: EASTERN, NJ: EASTERN, NY: EASTERN, NC: EASTERN, OH: EASTERN, PA: EASTERN, RI: EASTERN,
  SC: EASTERN, VT: EASTERN, VA: EASTERN, WV: EASTERN,
  AL: CENTRAL, AR: CENTRAL, IL: CENTRAL, IA: CENTRAL, LA: CENTRAL, MN: CENTRAL, MS: CENTRAL,
  MO: CENTRAL, OK: CENTRAL, WI: CENTRAL,
  CO: MOUNTAIN, MT: MOUNTAIN, NM: MOUNTAIN, UT: MOUNTAIN, WY: MOUNTAIN,
  CA: PACIFIC, WA: PACIFIC, HI: HAWAII,
  PR: ATLANTIC, VI: ATLANTIC, GU: CHAMORRO, MP: CHAMORRO, AS: SAMOA,
};

// Split states: the main zone, then the counties (GeoNames spelling) in another zone.
const SPLIT = {
  FL: { main: EASTERN, [CENTRAL]: ['Bay', 'Calhoun', 'Escambia', 'Holmes', 'Jackson', 'Okaloosa', 'Santa Rosa', 'Walton', 'Washington'] },
  IN: { main: EASTERN, [CENTRAL]: ['Gibson', 'Jasper', 'Lake', 'LaPorte', 'Newton', 'Perry', 'Porter', 'Posey', 'Spencer', 'Starke', 'Vanderburgh', 'Warrick'] },
  MI: { main: EASTERN, [CENTRAL]: ['Dickinson', 'Gogebic', 'Iron', 'Menominee'] },
  KY: {
    main: EASTERN,
    [CENTRAL]: ['Adair', 'Allen', 'Ballard', 'Barren', 'Breckinridge', 'Butler', 'Caldwell', 'Calloway',
      'Carlisle', 'Christian', 'Clinton', 'Crittenden', 'Cumberland', 'Daviess', 'Edmonson', 'Fulton',
      'Graves', 'Grayson', 'Green', 'Hancock', 'Hart', 'Henderson', 'Hickman', 'Hopkins', 'Livingston',
      'Logan', 'Lyon', 'Marshall', 'McCracken', 'McLean', 'Metcalfe', 'Monroe', 'Muhlenberg', 'Ohio',
      'Russell', 'Simpson', 'Todd', 'Trigg', 'Union', 'Warren', 'Webster'],
  },
  TN: {
    main: CENTRAL,
    [EASTERN]: ['Anderson', 'Blount', 'Bradley', 'Campbell', 'Carter', 'Claiborne', 'Cocke', 'Grainger',
      'Greene', 'Hamblen', 'Hamilton', 'Hancock', 'Hawkins', 'Jefferson', 'Johnson', 'Knox', 'Loudon',
      'McMinn', 'Meigs', 'Monroe', 'Morgan', 'Polk', 'Rhea', 'Roane', 'Scott', 'Sevier', 'Sullivan',
      'Unicoi', 'Union', 'Washington'],
  },
  KS: { main: CENTRAL, [MOUNTAIN]: ['Greeley', 'Hamilton', 'Sherman', 'Wallace'] },
  NE: {
    main: CENTRAL,
    [MOUNTAIN]: ['Arthur', 'Banner', 'Box Butte', 'Chase', 'Cheyenne', 'Dawes', 'Deuel', 'Dundy', 'Garden',
      'Grant', 'Hooker', 'Keith', 'Kimball', 'Morrill', 'Perkins', 'Scotts Bluff', 'Sheridan', 'Sioux'],
  },
  ND: { main: CENTRAL, [MOUNTAIN]: ['Adams', 'Billings', 'Bowman', 'Dunn', 'Golden Valley', 'Grant', 'Hettinger', 'Slope', 'Stark'] },
  SD: {
    main: CENTRAL,
    [MOUNTAIN]: ['Bennett', 'Butte', 'Corson', 'Custer', 'Dewey', 'Fall River', 'Haakon', 'Harding', 'Jackson',
      'Lawrence', 'Meade', 'Oglala Lakota County', 'Pennington', 'Perkins', 'Stanley', 'Ziebach'],
  },
  TX: { main: CENTRAL, [MOUNTAIN]: ['Culberson', 'El Paso', 'Hudspeth'] },
  ID: {
    main: MOUNTAIN,
    [PACIFIC]: ['Benewah', 'Bonner', 'Boundary', 'Clearwater', 'Idaho', 'Kootenai', 'Latah', 'Lewis', 'Nez Perce', 'Shoshone'],
  },
  OR: { main: PACIFIC, [MOUNTAIN]: ['Malheur'] },
  NV: { main: PACIFIC },
  AZ: { main: ARIZONA },
  AK: { main: ALASKA },
};

// Towns on the other side of their county's (or state's) line.
const BY_ZIP = {
  89883: MOUNTAIN, // West Wendover NV keeps Mountain time with Wendover UT
  99546: ALEUTIAN, 99547: ALEUTIAN, // Adak and Atka, west of 169°30′ W
  32465: CENTRAL, // Wewahitchka, northern Gulf County FL
  // The Navajo Nation in Arizona observes daylight time (the Hopi villages inside it do not).
  86020: MOUNTAIN, 86033: MOUNTAIN, 86044: MOUNTAIN, 86045: MOUNTAIN, 86053: MOUNTAIN, 86054: MOUNTAIN,
  86503: MOUNTAIN, 86504: MOUNTAIN, 86505: MOUNTAIN, 86507: MOUNTAIN, 86508: MOUNTAIN, 86510: MOUNTAIN,
  86511: MOUNTAIN, 86514: MOUNTAIN, 86515: MOUNTAIN, 86520: MOUNTAIN, 86535: MOUNTAIN, 86538: MOUNTAIN,
  86540: MOUNTAIN, 86544: MOUNTAIN, 86545: MOUNTAIN, 86547: MOUNTAIN, 86549: MOUNTAIN, 86556: MOUNTAIN,
};

// Every zone name the rule can give (the server loads these from tzdata).
export const ZONES = [...new Set([...Object.values(ONE_ZONE), ...Object.values(BY_ZIP),
  ...Object.values(SPLIT).flatMap((s) => Object.keys(s).map((k) => (k === 'main' ? s.main : k)))])].sort();

// Fails when a listed county is not in the data (a misspelling would silently fall to the main zone).
export function checkCounties(countiesByState) {
  for (const [state, split] of Object.entries(SPLIT)) {
    for (const [zone, counties] of Object.entries(split)) {
      if (zone === 'main') continue;
      for (const c of counties) {
        if (!countiesByState.get(state)?.has(c)) throw new Error(`county ${c}, ${state} (${zone}) is not in the ZIP data`);
      }
    }
  }
}

export function zoneOf(zip, state, county) {
  if (BY_ZIP[zip]) return BY_ZIP[zip];
  if (ONE_ZONE[state]) return ONE_ZONE[state];
  const split = SPLIT[state];
  if (!split) return '';
  for (const [zone, counties] of Object.entries(split)) {
    if (zone !== 'main' && counties.includes(county)) return zone;
  }
  return split.main;
}
