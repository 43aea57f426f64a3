"""Fixed reference lists the module relies on (no Django; documented in docs/insight.md)."""

from __future__ import annotations

#: SCB's county codes (länskoder) and the counties' official Swedish names.
COUNTY_NAMES_SV: dict[str, str] = {
    "01": "Stockholms län",
    "03": "Uppsala län",
    "04": "Södermanlands län",
    "05": "Östergötlands län",
    "06": "Jönköpings län",
    "07": "Kronobergs län",
    "08": "Kalmar län",
    "09": "Gotlands län",
    "10": "Blekinge län",
    "12": "Skåne län",
    "13": "Hallands län",
    "14": "Västra Götalands län",
    "17": "Värmlands län",
    "18": "Örebro län",
    "19": "Västmanlands län",
    "20": "Dalarnas län",
    "21": "Gävleborgs län",
    "22": "Västernorrlands län",
    "23": "Jämtlands län",
    "24": "Västerbottens län",
    "25": "Norrbottens län",
}

#: The whole country, stored as a region beside the counties.
COUNTRY_CODE = "00"

#: The occupations of the metal and steel industry (SSYK 2012): the 812x operator groups
#: and the technician, maintenance, trades and process-control groups around them.
METAL_AND_STEEL_SSYK: tuple[str, ...] = (
    "8121",  # machine operators, surface treatment (metal finishing, plating, coating)
    "8122",  # metal melters and rolling-mill operators (valsverksoperatörer)
    "8129",  # other machine and process operators at steel and metal works
    "8193",  # process controllers, metal production
    "7211",  # metal moulders (gjutare)
    "7221",  # blacksmiths, hammersmiths and forging-press workers
    "7233",  # industrial machinery mechanics (maintenance)
    "7412",  # industrial electricians
    "3116",  # mining and metallurgical technicians
    "3122",  # manufacturing supervisors
    "2146",  # engineers in mining and metallurgy
)

#: The SCB series break: the national total jumps about 9 % from 2022 to 2023 inside
#: YREG60BAS (see shared/data/scb-yreg-ssyk4-county/SOURCE.md, caveat 2).
SCB_SERIES_BREAK = (2022, 2023)
SCB_SERIES_BREAK_NOTE_SV = (
    "Möjligt brott i serien mellan 2022 och 2023: SCB:s totalsiffror ökar med ungefär 9 % "
    "inom samma tabell (YREG60BAS, nytt registerunderlag). Jämför inte förändringar över "
    "brottet som verklig utveckling."
)
SCB_SERIES_BREAK_NOTE_EN = (
    "Possible series break between 2022 and 2023: SCB's totals rise by about 9 % within "
    "the same table (YREG60BAS, new register base). Do not read changes across the break "
    "as real growth."
)
