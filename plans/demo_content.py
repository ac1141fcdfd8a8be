"""The fictional demo partnerships loaded by `manage.py load_demo`.

Every name, person, place and figure here is invented. Marshfield has a three-year strategy in
its third year, with two years of quarterly updates and an open round for the current quarter;
Eastbrook is a small second partnership with one login (`outsider`) to show that partnerships
cannot see each other's data.

Dates and years are written as if the demo were loaded in the autumn of 2026 (Q3 2026/27);
`plans/demo_data.py` moves them on by whole years to fit the day it runs. People and
organisations are named by key (`hannah`, `MDC`), several separated by spaces. A row's `done` is
the index (0 = the plan's first quarter) of the quarter in which it is reported complete, `start`
the index of its first update; a `silent` row has no update at all. The tables are laid out by
hand (`fmt: off`) so that each row stays readable in a few lines.
"""

import datetime
from decimal import Decimal
from typing import Any

STATUTORY, INVITED = "statutory", "invited"
COORDINATOR, LEAD_OFFICER, VIEWER = "coordinator", "lead_officer", "viewer"
GREEN, AMBER, RED, BLUE = "green", "amber", "red", "blue"
# What a row's work is like, so that its generated updates talk about the right things.
CASEWORK, SESSIONS, PATROLS, PROJECT = "casework", "sessions", "patrols", "project"


def num(
    description: str,
    unit: str,
    target: int,
    *,
    lower: bool = False,
    baseline: int | None = None,
    baseline_period: str = "",
    ytd: bool = True,
) -> dict:
    """A numeric target. `ytd` figures are year-to-date counts; otherwise a level for the quarter."""
    return {
        "description": description,
        "unit": unit,
        "target_value": Decimal(target),
        "direction": "lower" if lower else "higher",
        "baseline": None if baseline is None else Decimal(baseline),
        "baseline_period": baseline_period,
        "target_period": "a year" if ytd else "each quarter",
        "ytd": ytd,
    }


def row(
    kind: str,
    description: str,
    subject: str,
    target_text: str,
    milestone: str,
    leads: str,
    orgs: str,
    *,
    targets: tuple = (),
    details: tuple[str, ...] = (),
    done: int | None = None,
    start: int = 0,
    silent: bool = False,
) -> dict:
    """A project row; without numeric `targets` its target text becomes a plain-text target."""
    return {
        "kind": kind,
        "description": description,
        "subject": subject,
        "target_text": target_text,
        "milestone": milestone,
        "leads": leads.split(),
        "orgs": orgs.split(),
        "targets": targets or (target_text,),
        "details": details,
        "done": done,
        "start": start,
        "silent": silent,
    }


def action(reference: str, title: str, outcome: str, rows: list[dict], **fields) -> dict:
    """An action; `fields` are Action fields, plus `outcomes` as (text, status code, note)."""
    return {
        "reference": reference,
        "title": title,
        "outcome": outcome,
        "rows": rows,
        "outcomes": (),
        **fields,
    }


# fmt: off
DOMESTIC_ABUSE = [
    action("1.1.1", "Commission and maintain an Independent Domestic Violence Advocate (IDVA) service for "
           "high-risk victims in Marshfield district",
           "High-risk victims have an advocate within two working days of referral and feel safer when "
           "their case closes.", [
        row(CASEWORK, "IDVA casework for high-risk victims referred by police, MARAC and self-referral",
            "the IDVA service", "Referrals to IDVA: 220 in the year (2023/24 baseline 198)", "Quarterly",
            "jo", "SH OPCC",
            targets=(num("Referrals to the IDVA service", "referrals", 220, baseline=198,
                         baseline_period="2023/24"),),
            details=("Two IDVAs are now co-located at Marshfield police station one day a week.",
                     "Average caseload per IDVA is 24, within the recommended range.")),
        row(CASEWORK, "Victim exit survey at case closure", "the victim exit survey",
            "85% of victims report feeling safer at case closure", "Quarterly", "jo", "SH",
            targets=(num("Victims feeling safer at case closure", "%", 85, ytd=False),)),
        row(CASEWORK, "Health IDVA based at Marshfield Community Hospital", "the health IDVA post",
            "Post recruited; referrals from maternity and A&E staff", "October 2024", "anita jo", "ICB SH",
            start=2, details=("Referrals from the maternity unit have doubled since the post started.",)),
    ], budget=Decimal("38000"), budget_text="£38,000 (OPCC grant £30,000, MDC £8,000)", due_text="Quarterly",
       outcomes=(("Contact made with 90% of referred victims within 2 working days", GREEN, ""),
                 ("85% of victims report feeling safer at case closure", GREEN,
                  "Exit survey response rate is low (38%)"))),
    action("1.1.2", "Run the Marshfield MARAC effectively and keep repeat referrals within the recommended "
           "range", "High-risk cases are heard promptly, with each action owned by the right agency.", [
        row(CASEWORK, "Chair the monthly MARAC and audit actions for completion", "MARAC",
            "High-risk cases heard within 10 working days of referral: 90%", "Monthly", "daniel", "Police",
            targets=(num("Cases heard at MARAC within 10 working days", "%", 90, ytd=False),)),
        row(CASEWORK, "Audit repeat referrals and share learning with referring agencies",
            "the repeat referral audit",
            "Repeat referrals below 35% (2023/24: 37%)", "Quarterly", "fiona", "SCC",
            targets=(num("Repeat referrals to MARAC", "%", 35, lower=True, baseline=37,
                         baseline_period="2023/24", ytd=False),)),
    ], due_text="Monthly MARAC; reviewed quarterly"),
    action("1.2.1", "Increase reporting of domestic abuse from under-represented groups (older people, "
           "rural residents, men and LGBT+ victims)",
           "More victims from under-represented groups come forward and use support services.", [
        row(SESSIONS, "Rural outreach sessions at parish hubs and GP surgeries", "rural outreach",
            "One session in each of the 11 parish hubs", "March 2026", "jo", "SH",
            details=("Sessions at Wendholme and Brindley Green surgeries were well attended.",)),
        row(SESSIONS, "16 Days of Action campaign each November, including messages for older victims",
            "the 16 Days of Action campaign",
            "Campaign delivered each year; reach measured through partner social media",
            "November each year", "rachel hannah", "OPCC MDC"),
    ], budget=Decimal("6500"), budget_text="£6,500 OPCC Community Safety Fund",
       due_date=datetime.date(2026, 3, 31),
       outcomes=(("Outreach delivered in every rural parish hub", AMBER,
                  "6 of 11 parishes reached; the rest planned for spring"),
                 ("Campaign for older victims with the older people's forum", GREEN, ""))),
    action("1.2.2", "Train frontline staff across the partnership to recognise domestic abuse and refer "
           "using the DASH risk checklist",
           "Frontline staff recognise domestic abuse and know the referral pathways.", [
        row(SESSIONS, "DA awareness and DASH training for housing, council, fire and health staff",
            "DASH training", "150 frontline staff trained a year", "Quarterly", "fiona", "SCC",
            targets=(num("Frontline staff trained", "staff", 150),)),
        row(PROJECT, "Domestic Abuse Housing Alliance (DAHA) accreditation for Marsh Vale Homes",
            "DAHA accreditation", "Accreditation achieved by March 2026", "March 2026", "sophie", "MVH",
            done=7),
    ], budget=Decimal("4000"), budget_text="£4,000 training budget (SCC)", due_text="Quarterly"),
    action("1.2.3", "Adopt a domestic abuse workplace policy across partner organisations",
           "Every statutory partner has a workplace policy and trained domestic abuse champions.", [
        row(PROJECT, "Agree a shared policy template and appoint DA champions in each partner",
            "the workplace policy",
            "Policy adopted by all 7 statutory partners", "March 2025", "tom", "MDC", done=3),
    ], due_date=datetime.date(2025, 3, 31)),
    action("1.3.1", "Embed learning from Domestic Homicide Reviews in partner practice",
           "DHR recommendations are completed on time and the learning reaches frontline staff.", [
        row(SESSIONS, "Publish 7-minute briefings and hold an annual learning event",
            "the DHR learning programme",
            "Briefing within 3 months of each publication; one learning event a year", "Annual",
            "hannah", "MDC"),
        row(PROJECT, "Track DHR action plan recommendations to completion", "the DHR recommendations tracker",
            "All recommendations completed by their agreed date", "Quarterly", "fiona", "SCC", start=2),
    ], due_text="Ongoing",
       outcomes=(("Learning briefing issued within 3 months of publication", GREEN, ""),
                 ("All DHR recommendations completed on time", AMBER,
                  "Two recommendations overdue, awaiting the county policy review"),
                 ("Learning event held for frontline practitioners", RED,
                  "Not started - at risk due to staff resource pressures"))),
]

ANTI_SOCIAL_BEHAVIOUR = [
    action("2.1(a)", "Run a monthly multi-agency Problem Solving Group (PSG) for ASB hotspots and repeat "
           "victims",
           "Hotspots and repeat victims are identified early; each has a named lead and an action plan.", [
        row(CASEWORK, "Monthly PSG: agree hotspot plans and review open cases on the shared case system",
            "the Problem Solving Group", "ASB incidents down 5% on 2023/24 (3,412)", "Monthly",
            "priya daniel", "MDC Police",
            targets=(num("ASB incidents recorded by police", "incidents", 3240, lower=True, baseline=3412,
                         baseline_period="2023/24"),)),
        row(PROJECT, "Saltmarsh estate hotspot plan: lighting, youth provision and target hardening",
            "the Saltmarsh estate hotspot plan",
            "Fewer ASB calls from the estate; resident survey shows improved confidence", "September 2025",
            "priya", "MDC MVH", done=6,
            details=("New LED lighting has been installed along the Saltmarsh footpaths.",)),
    ], due_text="Monthly", resource="Officer time from MDC, Police, Marsh Vale Homes and SFRS"),
    action("2.1(b)", "Identify and support high-risk and repeat victims of ASB using the risk assessment "
           "matrix",
           "High-risk victims get the right support and their risk falls within agreed timescales.", [
        row(CASEWORK, "Case conference for high-risk victims within 5 working days",
            "case conferencing for high-risk victims", "Target 85% within 5 working days", "Quarterly",
            "priya", "MDC",
            targets=(num("High-risk victims with a case conference in 5 days", "%", 85, ytd=False),)),
        row(CASEWORK, "Reduce risk from high to medium within 28 days",
            "risk reduction for high-risk victims", "Target 70% within 28 days", "Quarterly", "priya", "MDC",
            targets=(num("High-risk victims with risk reduced within 28 days", "%", 70, ytd=False),)),
    ], budget=Decimal("12000"), budget_text="£12,000 victim caseworker (part-funded by OPCC)",
       due_text="Quarterly",
       outcomes=(("Case conference within 5 working days for 85% of high-risk victims", GREEN, ""),
                 ("Risk reduced to medium within 28 days for 70% of victims", AMBER,
                  "Some cases depend on criminal proceedings still under way"))),
    action("2.1(c)", "Use the ASB powers consistently: Community Protection Warnings and Notices, "
           "injunctions and closure orders",
           "Enforcement is proportionate and consistent, with support offered alongside it.", [
        row(PATROLS, "Joint council and police enforcement protocol; quarterly review of CPW/CPN use",
            "the joint enforcement protocol", "Protocol agreed; quarterly figures to the PSG",
            "June 2024, then quarterly", "daniel", "Police MDC"),
    ], due_text="Quarterly"),
    action("2.2(a)", "Review and renew the Marshfield town centre Public Spaces Protection Order (PSPO) "
           "covering street drinking", "A PSPO that is evidence-based, consulted on and enforced fairly.", [
        row(PROJECT, "Gather evidence and run the public consultation on renewing the PSPO",
            "the PSPO consultation",
            "Consultation closes with at least 300 responses", "June 2025", "priya", "MDC", start=2, done=5),
        row(PATROLS, "Joint patrols and enforcement of the PSPO conditions", "PSPO enforcement",
            "Street drinking incidents in the PSPO area down 10% on 2023/24 (260)", "Quarterly",
            "daniel", "Police MDC",
            targets=(num("Street drinking incidents in the PSPO area", "incidents", 234, lower=True,
                         baseline=260, baseline_period="2023/24"),),
            details=("Most incidents this quarter were around the Quayside and the bus station.",)),
    ], budget=Decimal("3500"), budget_text="£3,500 consultation and signage",
       due_date=datetime.date(2025, 10, 31),
       outcomes=(("Public consultation completed", BLUE, "412 responses"),
                 ("Renewed PSPO in force by October 2025", GREEN, "Approved by Cabinet in September"))),
    action("2.2(b)", "Engage street drinkers with treatment, housing and health support",
           "Street drinkers engage with support and fewer of them need enforcement.", [
        row(CASEWORK, "Assertive outreach to known street drinkers, with weekly cook and chat sessions",
            "street drinker outreach", "20 people engaged; 10 entering structured treatment",
            "Weekly; reviewed quarterly", "lee", "BWR",
            targets=(num("Street drinkers entering structured treatment", "people", 10),),
            details=("Cook and chat sessions at the Quayside centre average eight attendees.",)),
        row(CASEWORK, "Housing pathway for street drinkers at risk of losing their tenancy",
            "the housing pathway",
            "No evictions into street homelessness from the cohort", "Quarterly", "sophie", "MVH"),
    ], budget=Decimal("14000"), budget_text="£12,000 post recruitment £2,000 cook and chat",
       due_text="March 2026"),
    action("2.3(a)", "Reduce deliberate secondary fires and fire-related ASB",
           "Fewer deliberate fires, especially in parks and on open land during the summer holidays.", [
        row(PATROLS, "Fire setter intervention scheme and patrols in the school summer holidays",
            "fire-related ASB prevention", "Deliberate secondary fires down 10% on 2023/24 (112)",
            "Quarterly", "kwame", "SFRS",
            targets=(num("Deliberate secondary fires", "fires", 100, lower=True, baseline=112,
                         baseline_period="2023/24"),)),
        row(PROJECT, "Clear fly-tipped and abandoned waste from hotspot sites within 2 working days",
            "hotspot waste clearance", "90% cleared within 2 working days", "Quarterly", "tom", "MDC",
            targets=(num("Hotspot waste cleared within 2 working days", "%", 90, ytd=False),)),
    ], due_text="Quarterly"),
    action("2.3(b)", "Raise awareness of ASB reporting routes and the Community Trigger",
           "Residents know how to report ASB and how to use the Community Trigger.", [
        row(SESSIONS, "Publicise reporting routes and the Community Trigger on the council website and in "
            "the residents' magazine", "the reporting campaign",
            "Campaign run twice a year; Community Trigger page reviewed", "March 2025", "priya", "MDC",
            done=3),
    ], due_date=datetime.date(2025, 3, 31)),
]

EXPLOITATION = [
    action("3.1.1", "Identify and disrupt county lines activity and the cuckooing of vulnerable adults",
           "Vulnerable adults are safeguarded and drug lines into the district are disrupted.", [
        row(PATROLS, "Operation Kestrel: intelligence-led disruption of county lines in Marshfield",
            "Operation Kestrel",
            "Lines disrupted; safeguarding referrals made for every vulnerable person found", "Quarterly",
            "daniel", "Police",
            details=("Two warrants were executed in Cotterell and safeguarding referrals were made.",)),
        row(CASEWORK,
            "Cuckooing protocol with social landlords: visit within 48 hours, closure orders where needed",
            "the cuckooing protocol", "Reports visited within 48 hours: 95%", "Quarterly",
            "daniel sophie", "Police MVH",
            targets=(num("Cuckooing reports visited within 48 hours", "%", 95, ytd=False),)),
    ], due_text="Quarterly",
       resource="Neighbourhood policing team; MDC and Marsh Vale Homes tenancy officers"),
    action("3.1.2", "Raise awareness of exploitation among businesses that may see it: taxis, hotels, "
           "takeaways and shops", "Businesses recognise the signs of exploitation and report concerns.", [
        row(SESSIONS, "Exploitation awareness sessions for licensed drivers and hotel staff",
            "exploitation awareness training for businesses",
            "90% of licensed drivers trained (a licence condition from 2025)", "March 2026",
            "laura tom", "Police MDC",
            targets=(num("Licensed drivers trained", "%", 90, ytd=False),)),
    ], budget=Decimal("2500"), budget_text="£2,500 (OPCC)", due_date=datetime.date(2026, 3, 31)),
    action("3.2.1", "Deliver exploitation and healthy relationships sessions in secondary schools",
           "Young people understand the risks of exploitation and know where to get help.", [
        row(SESSIONS, "Theatre-in-education production for Year 9 pupils", "the Year 9 theatre production",
            "Delivered in 85% of secondary schools", "Each academic year", "ben", "SCC",
            targets=(num("Secondary schools taking part", "%", 85, ytd=False),)),
    ], budget=Decimal("5000"), budget_text="£5,000 theatre production (CSP budget)",
       due_text="Each academic year",
       outcomes=(("Sessions delivered in all 6 secondary schools", GREEN, ""),
                 ("Pupil survey shows better understanding of exploitation", GREEN,
                  "Before and after survey"))),
    action("3.2.2", "Youth outreach in hotspot areas on Friday and Saturday evenings",
           "Young people at risk take part in positive activities and youth-related ASB falls.", [
        row(SESSIONS, "Detached youth work in Marshfield town centre and on the Saltmarsh estate",
            "detached youth work", "400 contacts with young people a year", "Weekly; reviewed quarterly",
            "ben", "SCC",
            targets=(num("Contacts with young people", "contacts", 400),)),
        row(SESSIONS, "Holiday activity programme with Marshfield Leisure Centre",
            "the holiday activity programme",
            "Programme in the Easter, summer and October holidays", "School holidays", "ben", "SCC MDC",
            start=1),
    ], budget=Decimal("22000"), budget_text="£22,000 (MDC £12,000, OPCC £10,000)",
       due_text="Weekly sessions; reviewed quarterly"),
    action("3.3.1", "Reduce first-time entrants to the youth justice system through prevention and diversion",
           "Fewer young people enter the youth justice system.", [
        row(CASEWORK, "Out-of-court disposal and diversion panel", "the diversion panel",
            "First-time entrants below 30 a year (2023/24: 36)", "Quarterly", "ben", "SCC Police",
            targets=(num("First-time entrants to youth justice", "young people", 30, lower=True, baseline=36,
                         baseline_period="2023/24"),)),
    ], due_text="Quarterly"),
    action("3.3.2", "Integrated Offender Management (IOM) for prolific neighbourhood offenders",
           "Reoffending by the IOM cohort falls.", [
        row(CASEWORK, "Manage the IOM cohort jointly, with accommodation and treatment pathways",
            "the IOM cohort",
            "Cohort reoffending rate below 40% (2023/24: 46%)", "Quarterly", "mark", "PS Police",
            targets=(num("IOM cohort reoffending rate", "%", 40, lower=True, baseline=46,
                         baseline_period="2023/24", ytd=False),)),
        row(CASEWORK, "Drug testing on arrest and required assessment pathway",
            "the drug testing on arrest pathway",
            "Pathway agreed with custody and the treatment provider", "To be confirmed", "lee", "BWR Police",
            silent=True),
    ], due_text="Quarterly"),
]

ROADS_AND_NIGHT_TIME = [
    action("4.1(a)", "Deliver road safety education and enforcement where KSI collisions cluster",
           "Fewer people killed or seriously injured on Marshfield roads.", [
        row(SESSIONS, "Targeted education for young drivers, older drivers and motorcyclists",
            "road safety education",
            "Max 43 KSI casualties a year in Marshfield district (2023/24: 51)", "Quarterly", "gareth", "SCC",
            targets=(num("KSI casualties in Marshfield district", "casualties", 43, lower=True, baseline=51,
                         baseline_period="2023/24"),)),
        row(PATROLS, "Community Speed Watch sessions with parish volunteers", "Community Speed Watch",
            "48 sessions a year", "Quarterly", "daniel", "Police",
            targets=(num("Community Speed Watch sessions", "sessions", 48),)),
    ], budget=Decimal("8000"), budget_text="£8,000 (SCC road safety)", due_text="Quarterly"),
    action("4.1(b)", "Review the collision cluster sites on the B1452 Cotterell Road",
           "Cluster sites assessed and low-cost engineering measures agreed.", [
        row(PROJECT, "Collision cluster review and low-cost measures at the Cotterell Road junctions",
            "the Cotterell Road cluster review", "Review complete; measures in the highways programme",
            "September 2025", "gareth", "SCC", done=5),
    ], due_date=datetime.date(2025, 9, 30)),
    action("4.2(a)", "Keep Marshfield town centre safe at night: Pubwatch, Best Bar None and street marshals",
           "Fewer violent incidents in the night-time economy, and people feel safer in town at night.", [
        row(PATROLS, "Pubwatch meetings and joint licensing visits", "Pubwatch",
            "75% of licensed premises in Pubwatch", "Monthly", "laura", "Police",
            targets=(num("Licensed premises in Pubwatch", "%", 75, ytd=False),)),
        row(PATROLS, "Street marshals and a safe space on Friday and Saturday nights",
            "the street marshals scheme",
            "Violence with injury in NTE hours down 10% (2023/24: 148)", "Friday and Saturday nights",
            "laura tom", "Police MDC",
            targets=(num("Violence with injury in the town centre, 6pm to 6am", "offences", 133, lower=True,
                         baseline=148, baseline_period="2023/24"),)),
        row(PATROLS, "Taxi marshal at the Market Place rank on Friday and Saturday nights",
            "the taxi marshal", "Marshal in place every weekend", "Friday and Saturday nights", "tom", "MDC"),
    ], budget=Decimal("18000"), budget_text="£18,000 street marshals (BID £10,000, OPCC £8,000)",
       due_text="Friday and Saturday nights; reviewed quarterly",
       outcomes=(("Pubwatch meets monthly with 75% of premises attending", GREEN, ""),
                 ("Best Bar None scheme launched", AMBER,
                  "Launch delayed to autumn 2025 awaiting a sponsor"))),
    action("4.2(b)", "Women's safety at night: Ask for Angela and bystander training",
           "Staff in licensed premises know how to help someone who feels unsafe.", [
        row(SESSIONS, "Ask for Angela and WAVE training for bar and door staff", "WAVE training",
            "120 bar and door staff trained a year", "Quarterly", "laura", "Police",
            targets=(num("Bar and door staff trained", "staff", 120),)),
        row(PROJECT, "Walk-and-talk safety audit of town centre routes with women's groups",
            "the walk-and-talk safety audit",
            "Audit completed; lighting and CCTV gaps reported to the highways team", "March 2026",
            "hannah", "MDC", start=4, done=7),
    ], due_date=datetime.date(2026, 3, 31)),
    action("4.3(a)", "Reduce alcohol-related harm linked to the night-time economy",
           "Fewer alcohol-related ambulance call-outs and A&E attendances from the town centre.", [
        row(PROJECT, "Share anonymised A&E and ambulance data on alcohol-related assaults",
            "A&E data sharing",
            "Anonymised data shared with the CSP analyst every quarter", "Quarterly", "anita", "ICB"),
        row(SESSIONS, "Identification and brief advice training for licensed premises and door staff",
            "alcohol brief advice training", "Two sessions a year", "To be confirmed", "lee", "BWR",
            silent=True),
    ], due_text="Quarterly"),
    action("4.3(b)", "Upgrade the town centre CCTV and its monitoring link to the police",
           "Good-quality images support investigations and reassure the public.", [
        row(PROJECT, "Replace 12 analogue cameras with high-definition cameras", "the CCTV upgrade",
            "12 cameras replaced by March 2026", "March 2026", "tom", "MDC"),
        row(PROJECT, "Deploy redeployable CCTV at ASB hotspots agreed by the PSG", "redeployable CCTV",
            "Deployed to 4 hotspots a year", "Quarterly", "priya", "MDC"),
    ], budget=Decimal("50000"), budget_text="£45,000 capital (MDC) plus £5,000 OPCC",
       due_date=datetime.date(2026, 3, 31)),
]

MARSHFIELD = {
    "name": "Marshfield Community Safety Partnership",
    "slug": "marshfield",
    "with_blue": True,
    "description": "A fictional partnership for demonstrations. Every name and figure is invented.",
    "places": ["Marshfield town centre", "the Saltmarsh estate", "Cotterell", "Wendholme", "Brindley Green",
               "the Quayside"],
    "organisations": [
        ("MDC", "Marshfield District Council", STATUTORY),
        ("SCC", "Southshire County Council", STATUTORY),
        ("Police", "Southshire Police", STATUTORY),
        ("SFRS", "Southshire Fire and Rescue Service", STATUTORY),
        ("OPCC", "Office of the Police and Crime Commissioner for Southshire", STATUTORY),
        ("ICB", "NHS Southshire Integrated Care Board", STATUTORY),
        ("PS", "Probation Service (Southshire)", STATUTORY),
        ("MVH", "Marsh Vale Homes (housing association)", INVITED),
        ("BWR", "Brightwater Recovery (drug and alcohol service)", INVITED),
        ("SH", "Safe Harbour Domestic Abuse Service", INVITED),
    ],
    "people": [  # key, name, organisation, job title
        ("hannah", "Hannah Okafor", "MDC", "Community Safety Partnership Coordinator"),
        ("daniel", "Insp Daniel Reeve", "Police", "Inspector, Marshfield Neighbourhood Policing Team"),
        ("priya", "Priya Shah", "MDC", "Anti-social Behaviour Officer"),
        ("margaret", "Cllr Margaret Ellis", "MDC", "Chair, Overview and Scrutiny Committee"),
        ("tom", "Tom Aldridge", "MDC", "Head of Community Services"),
        ("laura", "Sgt Laura Kemp", "Police", "Licensing and Night-time Economy Sergeant"),
        ("gareth", "Gareth Lloyd", "SCC", "Road Safety Team Leader"),
        ("fiona", "Fiona Castell", "SCC", "Domestic Abuse Partnership Manager"),
        ("ben", "Ben Cartwright", "SCC", "Youth Services Manager"),
        ("kwame", "Kwame Mensah", "SFRS", "Station Manager, Prevention"),
        ("rachel", "Rachel Thornton", "OPCC", "Commissioning Officer"),
        ("anita", "Dr Anita Varma", "ICB", "Designated Professional for Safeguarding Adults"),
        ("mark", "Mark Heywood", "PS", "Senior Probation Officer, IOM"),
        ("sophie", "Sophie Grant", "MVH", "Tenancy Enforcement Manager"),
        ("lee", "Lee Barker", "BWR", "Service Manager"),
        ("jo", "Jo Whitfield", "SH", "IDVA Service Manager"),
    ],
    "logins": [  # username, person, role, may see Domestic Homicide Reviews
        ("coordinator", "hannah", COORDINATOR, True),
        ("coordinator2", "fiona", COORDINATOR, True),  # reviews what the coordinator typed in
        ("lead", "daniel", LEAD_OFFICER, False),
        ("lead2", "priya", LEAD_OFFICER, False),
        ("viewer", "margaret", VIEWER, False),
    ],
    "glossary": [
        ("ASB", "Anti-social behaviour"), ("CPN", "Community Protection Notice"),
        ("CSP", "Community Safety Partnership"), ("DA", "Domestic abuse"),
        ("DASH", "Domestic Abuse, Stalking and Harassment risk checklist"),
        ("DHR", "Domestic Homicide Review"), ("IDVA", "Independent Domestic Violence Advocate"),
        ("IOM", "Integrated Offender Management"), ("KSI", "Killed or seriously injured"),
        ("MARAC", "Multi-Agency Risk Assessment Conference"), ("MDC", "Marshfield District Council"),
        ("NTE", "Night-time economy"), ("OPCC", "Office of the Police and Crime Commissioner"),
        ("PSG", "Problem Solving Group"), ("PSPO", "Public Spaces Protection Order"),
        ("RSL", "Registered social landlord (housing association)"),
    ],
    "plan": {
        "title": "Community Safety Strategy 2024-2027",
        "kind": "strategy",
        "status": "live",
        "start_date": datetime.date(2024, 4, 1),
        "end_date": datetime.date(2027, 3, 31),
        "vision": (
            "Marshfield is a district where people are safe and feel safe: at home, on our streets and "
            "roads, and in the town centre at night. Partners work together to protect the most "
            "vulnerable, prevent harm before it happens and listen to what communities tell us."
        ),
        "highlights": "\n".join([
            "IDVA referrals rose by 14% in 2024/25, with more victims referred by health staff",
            "The town centre PSPO was renewed after a consultation with 412 responses",
            "Saltmarsh estate hotspot plan completed: ASB calls from the estate fell by a quarter",
            "KSI casualties fell below 43 in 2025/26 for the first time since 2019",
        ]),
        "carry_over_notes": "\n".join([
            "Learning event on Domestic Homicide Review findings (not held: staff capacity)",
            "Drug testing on arrest pathway, awaiting a decision from the custody provider",
            "Best Bar None scheme: keep under review until a sponsor is found",
        ]),
    },
    "themes": [
        {"number": "1", "title": "Domestic abuse", "lead_agency": "SCC",
         "description": "Reduce the harm caused by domestic abuse by identifying it earlier, increasing "
                        "reporting from under-represented groups and making sure high-risk victims get "
                        "timely, joined-up support.",
         "indicators": ["Domestic abuse crimes and incidents per 1,000 population",
                        "Referrals to the IDVA service", "Repeat referrals to MARAC (%)"],
         "actions": DOMESTIC_ABUSE},
        {"number": "2", "title": "Anti-social behaviour and street drinking", "lead_agency": "MDC",
         "description": "Reduce anti-social behaviour and its impact on victims and communities, focusing on "
                        "repeat and vulnerable victims, street drinking in Marshfield town centre and "
                        "deliberate fires.",
         "indicators": ["ASB incidents recorded by police",
                        "High-risk ASB victims with a case conference within 5 working days (%)",
                        "Street drinking incidents in the town centre PSPO area"],
         "actions": ANTI_SOCIAL_BEHAVIOUR},
        {"number": "3", "title": "Exploitation and young people", "lead_agency": "Police",
         "description": "Protect children and vulnerable adults from criminal and sexual exploitation, "
                        "including county lines and cuckooing, and give young people positive alternatives "
                        "to crime.",
         "indicators": ["First-time entrants to the youth justice system",
                        "Cuckooing reports visited within 48 hours (%)",
                        "Contacts with young people through outreach"],
         "actions": EXPLOITATION},
        {"number": "4", "title": "Safer roads and night-time economy", "lead_agency": "Police",
         "description": "Reduce the number of people killed or seriously injured on the district's roads and "
                        "make Marshfield town centre a safe, welcoming place at night.",
         "indicators": ["People killed or seriously injured (KSI) on roads in the district",
                        "Violence with injury in the town centre between 6pm and 6am",
                        "Licensed premises in Pubwatch (%)"],
         "actions": ROADS_AND_NIGHT_TIME},
    ],
    "open_round": True,  # for the current quarter; closed rounds for the eight before it
}

EASTBROOK = {
    "name": "Eastbrook Community Safety Partnership",
    "slug": "eastbrook",
    "with_blue": False,
    "description": "A second fictional partnership, used to show that partnerships are kept apart.",
    "places": ["Eastbrook town centre", "Millfield Park"],
    "organisations": [
        ("EBC", "Eastbrook Borough Council", STATUTORY),
        ("Police", "Southshire Police", STATUTORY),
    ],
    "people": [
        ("owen", "Owen Pritchard", "EBC", "Community Safety Manager"),
        ("chloe", "Sgt Chloe Barnes", "Police", "Neighbourhood Sergeant, Eastbrook"),
    ],
    "logins": [("outsider", "owen", COORDINATOR, True)],
    "glossary": [("ASB", "Anti-social behaviour"), ("EBC", "Eastbrook Borough Council")],
    "plan": {
        "title": "Eastbrook Community Safety Action Plan 2026/27",
        "kind": "annual",
        "status": "live",
        "start_date": datetime.date(2026, 4, 1),
        "end_date": datetime.date(2027, 3, 31),
        "vision": "A safer Eastbrook for everyone who lives, works and visits here.",
        "highlights": "",
        "carry_over_notes": "",
    },
    "themes": [
        {"number": "1", "title": "Anti-social behaviour", "lead_agency": "EBC",
         "description": "Reduce anti-social behaviour in Eastbrook town centre and parks.",
         "indicators": ["ASB incidents recorded by police in Eastbrook"],
         "actions": [
             action("1.1", "Problem-solving for ASB hotspots in Eastbrook town centre",
                    "Hotspots have a named lead and a partnership plan.", [
                 row(CASEWORK, "Monthly hotspot meeting with council, police and businesses",
                     "the hotspot meeting", "Meeting held monthly; plans reviewed", "Monthly", "owen", "EBC"),
             ], due_text="Monthly"),
             action("1.2", "Youth diversion at Millfield Park skate park",
                    "Fewer complaints about youth ASB at the park.", [
                 row(SESSIONS, "Friday evening youth sessions at the skate park",
                     "the skate park youth project",
                     "40 sessions in the year", "Weekly", "chloe", "Police EBC",
                     targets=(num("Youth sessions held", "sessions", 40),)),
             ], due_date=datetime.date(2027, 3, 31)),
         ]},
    ],
    "open_round": False,  # closed rounds for the year's quarters that have ended
}
# fmt: on

PARTNERSHIPS: list[dict[str, Any]] = [MARSHFIELD, EASTBROOK]

# What each demo login shows best, printed by `load_demo` under the login.
TRY_FIRST = {
    "coordinator": (
        "your home page runs the open round: review the oldest submission, remind outstanding leads; "
        "then Meetings for the board pack, Scrutiny for last year's issued report and this year's draft, "
        "and next year's draft plan (actions carried over with their history)"
    ),
    "coordinator2": (
        "your home page: review the update the coordinator typed in for a lead officer (no one reviews "
        "their own); then the open round's page for the Domestic Homicide Review update waiting for you"
    ),
    "lead": (
        "My actions: open the update returned to you, read the coordinator's comment and resubmit; "
        "then continue your draft (it saves itself as you type)"
    ),
    "lead2": "My actions: write this quarter's update for a row not started, with its figures against target",
    "viewer": (
        "the plan's dashboard (a councillor's summary of what is off track), then an action's timeline, "
        "then Search"
    ),
    "outsider": (
        "Eastbrook's annual plan; Marshfield's pages answer 'not found' to you, as to anyone outside it"
    ),
}
