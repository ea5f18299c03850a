# Row data for build.py (executed inside build.py's namespace: m, s, p, fr, BIS, OFR, ACC).
# ---------------------------------------------------------------------------------------
# MEASURES + their SOURCES
# ---------------------------------------------------------------------------------------

# 1 ECRA ---------------------------------------------------------------------------------
m(measure_id="US-2018-export-control-reform-act",
  authority="US Congress (enacted in the John S. McCain NDAA for FY2019)",
  title="Export Control Reform Act of 2018 (ECRA)",
  instrument="law", category="framework",
  date_announced="2018-08-13", date_effective="2018-08-13",
  legal_citation="Pub. L. 115-232, div. A, title XVII, subtitle B, §§ 1741-1781, 132 Stat. 2208",
  source_id="usa-law-pl-115-232", confidence="high",
  summary="Signed Aug. 13, 2018, ECRA gives permanent statutory authority for the EAR and creates the "
          "section 1758 process for identifying and controlling emerging and foundational technologies. "
          "It is the legal basis cited by the later Huawei FDP and 2022 semiconductor rules. It imposes no "
          "China-specific control itself. date_announced = enactment date.")
s(source_id="usa-law-pl-115-232", date_accessed="2026-11-27", publisher="U.S. Congress / Government Publishing Office",
  title="John S. McCain National Defense Authorization Act for Fiscal Year 2019, Title XVII Subtitle B (Export Control Reform Act of 2018)",
  citation="Pub. L. 115-232, div. A, title XVII, subtitle B (§§ 1741-1781), 132 Stat. 2208 (Aug. 13, 2018)",
  url="https://www.govinfo.gov/content/pkg/PLAW-115publ232/pdf/PLAW-115publ232.pdf",
  date_published="2018-08-13", source_type="primary", source_quality="official",
  verified_via="https://www.govregs.com (U.S. Code editorial note to 22 U.S.C. 2778, read via search pages corpus, v1)",
  notes="Enactment date and cite confirmed in v1 from the U.S. Code editorial note read on a mirror (now in verified_via) "
        "and a law-firm note (joinertradelaw.com). The govinfo public-law PDF itself was not opened; its URL follows "
        "govinfo's fixed PLAW pattern.")

# 2 Fujian Jinhua ------------------------------------------------------------------------
m(measure_id="US-2018-fujian-jinhua-entity-list", authority=BIS,
  title="Addition of Fujian Jinhua Integrated Circuit Company, Ltd. to the Entity List",
  instrument="list_designation", category="entity_listing",
  date_announced="2018-10-29", date_effective="2018-10-30",
  legal_citation="83 FR 54519", source_id="usa-fr-2018-23693", confidence="medium",
  summary="Adds DRAM maker Fujian Jinhua to the Entity List: licence required for all items subject to the EAR, "
          "presumption of denial. Announced by Commerce on Monday Oct. 29, 2018; published and effective Oct. 30, "
          "2018 (BIS index lists no delayed effective date; 'as of October 30' per trade press). The FR DATES "
          "line itself was not read.")
s(source_id="usa-fr-2018-23693", publisher=OFR,
  title="Addition of an Entity to the Entity List (Fujian Jinhua Integrated Circuit Company, Ltd.)",
  citation="83 FR 54519 (Oct. 30, 2018), FR Doc. 2018-23693", url=fr("2018-23693"),
  date_published="2018-10-30", source_type="primary", source_quality="official",
  verified_via="https://www.bis.doc.gov/index.php/all-articles/17-regulations?start=20 (BIS FR index); https://worldecr.com/?p=1513415 (quotes the Commerce press release and links https://www.commerce.gov/news/press-releases/2018/10/addition-fujian-jinhua-integrated-circuit-company-ltd-jinhua-entity-list)",
  notes="Citation/publication 10/30/2018 from the BIS 2018 FR index (no delayed effective date listed). Doc number "
        "2018-23693 from public-repository bibliographies that link the federalregister.gov document (a citation "
        "resolver that checked the FR API records it as 'adds exactly one entity, under China, effective the event "
        "date'). Announcement Monday Oct. 29, 2018: WorldECR and Visual Compliance (quoting the Commerce release and "
        "Secretary Ross); 'As of October 30' per Infosecurity Magazine (via cysec-rco.com repost). Rule text not read.")

# 3 Emerging technologies ANPRM -------------------------------------------------------------
m(measure_id="US-2018-emerging-technologies-anprm", authority=BIS,
  title="Review of Controls for Certain Emerging Technologies (ANPRM)",
  instrument="announcement", category="policy",
  date_announced="2018-11-19", date_effective="",
  legal_citation="83 FR 58201", source_id="usa-fr-2018-25221", confidence="high",
  summary="Advance notice of proposed rulemaking under ECRA section 1758 seeking comment on criteria for identifying "
          "emerging technologies, including microprocessor technology and AI chipsets; comment period ended Jan. 10, "
          "2019 per BIS index. It imposed no control (no provisions).")
s(source_id="usa-fr-2018-25221", date_accessed="2026-11-27", publisher=OFR,
  title="Review of Controls for Certain Emerging Technologies (advance notice of proposed rulemaking)",
  citation="83 FR 58201 (Nov. 19, 2018), FR Doc. 2018-25221", url=fr("2018-25221"),
  date_published="2018-11-19", source_type="primary", source_quality="official",
  verified_via="https://www.bis.doc.gov/index.php/all-articles/17-regulations?start=20 (BIS FR index)",
  notes="Publication date and citation confirmed by the BIS 2018 FR index; FR document number 2018-25221 from "
        "public-repository citation lists (FR-API resolver: 'the emerging-technologies ANPRM itself, published on "
        "the event date'), not read on federalregister.gov.")

# 4 Huawei listing ------------------------------------------------------------------------
m(measure_id="US-2019-huawei-entity-list", authority=BIS,
  title="Addition of Huawei Technologies Co., Ltd. and 68 non-U.S. affiliates to the Entity List",
  instrument="list_designation", category="entity_listing",
  date_announced="2019-05-15", date_effective="2019-05-16",
  legal_citation="84 FR 22961", source_id="usa-fr-2019-10616", confidence="high",
  summary="Adds Huawei and 68 affiliates in 26 destinations: licence required for all items subject to the EAR, "
          "presumption of denial, no licence exceptions. Effective May 16, 2019 (public inspection); published "
          "May 21, 2019; Commerce announcement May 15.")
s(source_id="usa-fr-2019-10616", publisher=OFR,
  title="Addition of Entities to the Entity List (Huawei Technologies Co., Ltd. and 68 non-U.S. affiliates)",
  citation="84 FR 22961 (May 21, 2019), FR Doc. 2019-10616", url=fr("2019-10616"),
  date_published="2019-05-21", source_type="primary", source_quality="official",
  verified_via="https://www.govinfo.gov/content/pkg/FR-2019-08-21/html/2019-17920.htm (later FR text restating the listing); https://docslib.org/doc/1064644/51596-federal-register-vol (copy of 85 FR 51596)",
  notes="Effective May 16, 2019 and citation 84 FR 22961 (May 21, 2019) confirmed by two later FR documents: 84 FR "
        "43487 (govinfo, official) 'On May 16, 2019, Huawei ... and sixty-eight of its non-U.S. affiliates were added "
        "to the Entity List' and the recital of 85 FR 51596. Doc number 2019-10616 from repository references linking "
        "the federalregister.gov document. Rule text itself not read.")

# 5 Huawei TGL ----------------------------------------------------------------------------
m(measure_id="US-2019-huawei-temporary-general-license", authority=BIS,
  title="Temporary General License for Huawei and listed affiliates (Supp. No. 7 to part 744)",
  instrument="licence_action", category="relaxation",
  date_announced="2019-05-20", date_effective="2019-05-20",
  legal_citation="84 FR 23468", source_id="usa-fr-84fr23468", confidence="high",
  summary="90-day TGL (May 20 - Aug. 19, 2019) authorising limited transactions with listed Huawei entities: support "
          "of existing networks and handsets, cybersecurity research, 5G standards work. Published May 22, 2019; "
          "extended several times (84 FR 43487, 84 FR 64018, 85 FR 8722, FR Doc. 2020-05190, and to Aug. 13, 2020) "
          "and allowed to expire Aug. 13, 2020 (confirmed in the Aug. 2020 rule, 85 FR 51596). It carved out "
          "transactions but left the listing, its licence requirement and denial policy in place.")
s(source_id="usa-fr-84fr23468", publisher=OFR,
  title="Temporary General License (Huawei) - Supplement No. 7 to part 744",
  citation="84 FR 23468 (May 22, 2019)", url="https://www.federalregister.gov/citation/84-FR-23468",
  date_published="2019-05-22", source_type="primary", source_quality="official",
  verified_via="https://www.govinfo.gov/content/pkg/FR-2019-08-21/html/2019-17920.htm; https://regulations.vlex.com/vid/temporary-general-license-extension-826897641 (copy of 84 FR 64018)",
  notes="84 FR 43487 (govinfo, official): BIS 'published a temporary general license, effective May 20, 2019' on "
        "May 22, 2019. 84 FR 64018 and FR Doc. 2020-05190 cite it as 84 FR 23468 (May 22, 2019). Its FR document "
        "number was not found, so the federalregister.gov citation URL is used. Expiry Aug. 13, 2020 per Thompson "
        "Hine's reading of 85 FR 51596.")

# 6 Sugon / Hygon -------------------------------------------------------------------------
m(measure_id="US-2019-sugon-hygon-entity-list", authority=BIS,
  title="Addition of Sugon, Higon, Chengdu Haiguang IC, Chengdu Haiguang Microelectronics and Wuxi Jiangnan Institute of Computing Technology to the Entity List",
  instrument="list_designation", category="entity_listing",
  date_announced="2019-06-21", date_effective="2019-06-24",
  legal_citation="84 FR 29371", source_id="usa-fr-2019-13245", confidence="medium",
  summary="Adds five Chinese supercomputing/x86-chip entities (Sugon and its Hygon joint-venture affiliates, "
          "PLA-owned Wuxi Jiangnan Institute): licence for all items subject to the EAR, presumption of denial. "
          "Made public June 21 (Commerce/press) and published and effective June 24, 2019 (law-firm alerts and the "
          "rule's savings clause dated June 24); the FR DATES line was not read.")
s(source_id="usa-fr-2019-13245", publisher=OFR,
  title="Addition of Entities to the Entity List and Revision of an Entry on the Entity List (Sugon, Higon, Chengdu Haiguang IC, Chengdu Haiguang Microelectronics, Wuxi Jiangnan Institute)",
  citation="84 FR 29371 (June 24, 2019), FR Doc. 2019-13245", url=fr("2019-13245"),
  date_published="2019-06-24", source_type="primary", source_quality="official",
  verified_via="https://regulations.justia.com/regulations/fedreg/2019/06/24/2019-13245.html (FR page header); https://learnexportcompliance.com/insights/bis-adds-entities-to-the-entity-list (quotes savings clause and the govinfo PDF https://www.govinfo.gov/content/pkg/FR-2019-06-24/pdf/2019-13245.pdf)",
  notes="Pages 29371-29375, doc 2019-13245, Vol. 84 No. 121 (June 24, 2019) seen on the Justia copy. Effective "
        "June 24, 2019 per Sandler Travis & Rosenberg, Baker McKenzie and Export Compliance Daily ('changes take "
        "effect June 24'); savings clause refers to June 24, 2019. Announcement June 21 per Export Compliance "
        "Daily/Trade Law Daily (story 1906210046) and Reuters/WSJ reports (v1).")

# 7 46 Huawei affiliates -------------------------------------------------------------------
m(measure_id="US-2019-huawei-affiliates-entity-list", authority=BIS,
  title="Addition of 46 further Huawei non-U.S. affiliates to the Entity List (with TGL extension)",
  instrument="list_designation", category="entity_listing",
  date_announced="2019-08-19", date_effective="2019-08-19",
  legal_citation="84 FR 43493", source_id="usa-fr-2019-17921", confidence="high",
  summary="Adds 46 more non-U.S. Huawei affiliates (114 in total) with the same licence requirement and presumption "
          "of denial. A companion rule (84 FR 43487, FR Doc. 2019-17920) extended the TGL to Nov. 18, 2019. "
          "Announced and effective Aug. 19, published Aug. 21, 2019.")
s(source_id="usa-fr-2019-17921", publisher=OFR,
  title="Addition of Certain Entities to the Entity List and Revision of Entries on the Entity List (46 Huawei affiliates)",
  citation="84 FR 43493 (Aug. 21, 2019), FR Doc. 2019-17921", url=fr("2019-17921"),
  date_published="2019-08-21", source_type="primary", source_quality="official",
  verified_via="https://www.govinfo.gov/content/pkg/FR-2019-08-21/html/2019-17920.htm (companion rule ends at p. 43493); https://emsnow.com/department-of-commerce-adds-dozens-of-new-huawei-affiliates-to-the-entity-list-and-maintains-narrow-exemptions-through-the-temporary-general-license (Commerce release reproduced)",
  notes="Companion TGL rule 2019-17920 occupies pp. 43487-43493 (govinfo, official), so this rule starts at p. 43493 "
        "(v1 also saw the start page on a docslib copy). Commerce release: 'The new restrictions on these affiliates "
        "are effective August 19th'. Note: the recital of 85 FR 51596 cites '84 FR 43487' for the 46-affiliate "
        "addition; that page is the companion TGL rule, so the citation kept here is 84 FR 43493.")

# 8 May 2020 FDPR -------------------------------------------------------------------------
m(measure_id="US-2020-huawei-fdpr-may", authority=BIS,
  title="Amendments to General Prohibition Three (foreign-produced direct product rule) and the Entity List - Huawei footnote 1",
  instrument="interim_final_rule", category="extraterritorial",
  date_announced="2020-05-15", date_effective="2020-05-15",
  legal_citation="85 FR 29849", source_id="usa-fr-2020-10856", confidence="high",
  summary="Creates Entity List footnote 1 and applies it to Huawei: foreign-produced items such as chip designs made "
          "with certain U.S. CCL software/technology, and chipsets made to Huawei/HiSilicon designs with U.S.-origin "
          "SME abroad, become subject to the EAR when destined to Huawei. 120-day wind-down; published May 19, 2020.")
s(source_id="usa-fr-2020-10856", publisher=OFR,
  title="Export Administration Regulations: Amendments to General Prohibition Three (Foreign-Produced Direct Product Rule) and the Entity List",
  citation="85 FR 29849 (May 19, 2020), FR Doc. 2020-10856", url=fr("2020-10856"),
  date_published="2020-05-19", source_type="primary", source_quality="official",
  verified_via="https://open-gov.usebase.io/federal-register/2020-10856 (FR API metadata); https://www.bis.doc.gov/index.php/regulations/federal-register-notices (BIS FR index)",
  notes="Interim final rule; published 2020-05-19, effective 2020-05-15 (DATES 'This rule is effective May 15, 2020' "
        "per FR-API-derived copy), 85 FR 29849, doc 2020-10856; also in the BIS 2020 FR index. Baker McKenzie: "
        "'interim final rule effective on May 15, 2020'.")

# 9 Military end use / user rule ------------------------------------------------------------
m(measure_id="US-2020-military-end-use-user-rule", authority=BIS,
  title="Expansion of Export, Reexport, and Transfer (in-Country) Controls for Military End Use or Military End Users in China, Russia, or Venezuela",
  instrument="final_rule", category="licensing",
  date_announced="2020-04-27", date_effective="2020-06-29",
  legal_citation="85 FR 23459", source_id="usa-fr-2020-07241", confidence="high",
  summary="Widens § 744.21 to cover military end users (not only end uses) in China, broadens 'military end use' and "
          "adds items (incl. semiconductor manufacturing equipment and other electronics ECCNs) to Supp. No. 2 to "
          "part 744. Announced by Commerce on Monday Apr. 27, 2020; published Apr. 28, 2020; effective June 29, 2020 "
          "(BIS index). A same-day companion rule (85 FR 23470) removed License Exception CIV.")
s(source_id="usa-fr-2020-07241", publisher=OFR,
  title="Expansion of Export, Reexport, and Transfer (in-Country) Controls for Military End Use or Military End Users in the People's Republic of China, Russia, or Venezuela",
  citation="85 FR 23459 (Apr. 28, 2020), FR Doc. 2020-07241", url=fr("2020-07241"),
  date_published="2020-04-28", source_type="primary", source_quality="official",
  verified_via="https://regulations.justia.com (FR header 2020-07241, pp. 23459-23470, v1); https://www.bis.doc.gov/index.php/regulations/federal-register-notices (BIS FR index); https://ananova.com/news/story/sm_1226068 (Commerce press release of Monday Apr. 27, 2020 reproduced)",
  notes="Publication 04/28/2020 and effective 06/29/2020 from the BIS 2020 FR index. Commerce press release "
        "'Commerce Tightens Restrictions on Technology Exports to Combat Chinese, Russian and Venezuelan Military "
        "Circumvention Efforts' dated Monday, April 27, 2020 (reproduction read; WorldTribune and Baker McKenzie "
        "corroborate Apr. 27 announcement / Apr. 28 publication); it names 'semiconductor equipment' among the "
        "added items.")

# 10 SMIC is-informed letters (NEW) ---------------------------------------------------------
m(measure_id="US-2020-smic-is-informed-letters", authority=BIS,
  title="'Is-informed' letters to U.S. suppliers requiring licences for exports to SMIC (EAR § 744.21(b))",
  instrument="is_informed_letter", category="equipment",
  date_announced="2020-10-04", date_effective="2020-09-30", date_effective_precision="month",
  legal_citation="", source_id="usa-press-itnews-smic-2020-10", confidence="medium",
  summary="In late September 2020 BIS told some U.S. suppliers, by letter under the military end-use rule "
          "(EAR § 744.21(b)), that exports of certain U.S. equipment, parts and materials to SMIC 'may pose an "
          "unacceptable risk of diversion to a military end use' and need an individual licence. Reported from "
          "Sept. 26, 2020 (WSJ/Reuters; Reuters said the letter was dated Sept. 25) and confirmed by SMIC in a "
          "Hong Kong exchange filing on Sunday Oct. 4, 2020 (date_announced). Effective date known only to the "
          "month (end of Sept. 2020, G7). No FR document; superseded by SMIC's Entity List listing of Dec. 2020.")
s(source_id="usa-press-itnews-smic-2020-10", publisher="iTnews",
  title="SMIC has had 'preliminary exchanges' with US over export restrictions",
  citation="iTnews (with Reuters), Oct. 6, 2020",
  url="https://www.itnews.com.au/news/smic-has-had-preliminary-exchanges-with-us-over-export-restrictions-554326",
  date_published="2020-10-06", source_type="secondary", source_quality="press",
  verified_via="https://www.taipeitimes.com/News/biz/archives/2020/10/06/2003744654 (Taipei Times/Bloomberg, Oct. 6, 2020); https://www.semimedia.cc/8364.html; http://stage.consumerelectronicsdaily.com/article/2020/09/29/bis-informs-companies-of-increased-export-restrictions-on-smic-2009280022",
  notes="Reports SMIC's filing to the Hong Kong Stock Exchange (Sunday Oct. 4, 2020) confirming that BIS sent letters "
        "to some suppliers under EAR 744.21(b) and that SMIC had 'preliminary exchanges' with BIS; quotes the letter "
        "('unacceptable risk of diversion to a military end use'). Consumer Electronics Daily (Sept. 29) and Diaz "
        "Trade Law: letter sent the week of Sept. 21-25, first reported by the WSJ; Reuters (via vovworld) dated the "
        "Commerce document Sept. 25, 2020. SMIC's HKEX announcement itself (the company source) was not opened.")

# 11 Aug 2020 FDPR + 38 affiliates ----------------------------------------------------------
m(measure_id="US-2020-huawei-fdpr-august", authority=BIS,
  title="Addition of Huawei non-U.S. affiliates to the Entity List, removal of the Temporary General License, and amendments to the foreign-produced direct product rule",
  instrument="final_rule", category="extraterritorial",
  date_announced="2020-08-17", date_effective="2020-08-17",
  legal_citation="85 FR 51596", source_id="usa-fr-2020-18213", confidence="medium",
  summary="Broadens the Huawei FDP rule to any foreign-produced item made with covered U.S. technology/software or "
          "SME when it will be incorporated into or used to produce any part, component or equipment for a "
          "footnote-1 Huawei entity, or when Huawei is a party to the transaction. Adds 38 affiliates (152 in total) "
          "and replaces the TGL, which expired Aug. 13, 2020, with a narrow cybersecurity-research authorisation. "
          "Announced Aug. 17 as 'effective immediately'; published Aug. 20, 2020. FR DATES line not read.")
s(source_id="usa-fr-2020-18213", publisher=OFR,
  title="Addition of Huawei Non-U.S. Affiliates to the Entity List, the Removal of Temporary General License, and Amendments to General Prohibition Three (Foreign-Produced Direct Product Rule)",
  citation="85 FR 51596 (Aug. 20, 2020), FR Doc. 2020-18213", url=fr("2020-18213"),
  date_published="2020-08-20", source_type="primary", source_quality="official",
  verified_via="https://docslib.org/doc/1064644/51596-federal-register-vol (FR page copy); https://ajot.com/news/u.s-commerce-further-restricts-huawei-access-to-u.s-tech-and-adds-38-affiliates-to-the-entity-list (Commerce release reproduced)",
  notes="FR page 51596, Vol. 85 No. 162 (Aug. 20, 2020), docket 200813-0225, RIN 0694-AH99 seen on the docslib copy. "
        "Commerce release (reproduced by AJOT): 38 affiliates added, 'These actions, effective immediately'; "
        "Thompson Hine: issued Aug. 17, 2020, TGL expired as of Aug. 13, 2020. A companion rule (FR Doc. "
        "2020-17908, 'effective August 17, 2020', read on a federal.elaws.us copy) clarified Entity List licensing "
        "when a listed entity is a party to the transaction. Doc number 2020-18213 from repository references.")

# 12 SMIC listing ---------------------------------------------------------------------------
m(measure_id="US-2020-smic-entity-list", authority=BIS,
  title="Addition of Semiconductor Manufacturing International Corporation (SMIC) and 10 affiliates to the Entity List",
  instrument="list_designation", category="entity_listing",
  date_announced="2020-12-18", date_effective="2020-12-18",
  legal_citation="85 FR 83416", source_id="usa-fr-2020-28031", confidence="high",
  summary="Adds SMIC and ten related entities (among 77 entities) to the Entity List: licence for all items subject "
          "to the EAR; presumption of denial for items uniquely required to produce semiconductors at advanced "
          "technology nodes (10 nm and below), case-by-case otherwise. Announced and effective Dec. 18, 2020; "
          "published Dec. 22, 2020.")
s(source_id="usa-fr-2020-28031", publisher=OFR,
  title="Addition of Entities to the Entity List, Revision of Entry on the Entity List, and Removal of Entities From the Entity List (incl. SMIC)",
  citation="85 FR 83416 (Dec. 22, 2020), FR Doc. 2020-28031", url=fr("2020-28031"),
  date_published="2020-12-22", source_type="primary", source_quality="official",
  verified_via="https://docslib.org/doc/1759320/entity-list-one-of-these-entities-is-of-an-autopilot-and-stability-3911-email-erc-bis-doc-gov (FR page copy); https://www.lightreading.com/security/us-government-moves-to-ban-smic/d/d-id/766245 (Commerce release of Dec. 18, 2020 reproduced)",
  notes="FR page 83416, Vol. 85 No. 246 (Dec. 22, 2020): DATES 'This rule is effective December 18, 2020'; 77 "
        "entities under 78 entries. Commerce release of Dec. 18, 2020: items uniquely required for 10 nm and below "
        "subject to a presumption of denial. Doc 2020-28031 and docket 201215-0347 per the govinfo PDF link quoted "
        "by ERAI (v1).")

# 12b MEU List (NEW) -------------------------------------------------------------------------
m(measure_id="US-2020-military-end-user-list", authority=BIS,
  title="Addition of 'Military End User' (MEU) List to the EAR and first tranche of 102 entities (57 under China, 45 under Russia)",
  instrument="list_designation", category="entity_listing",
  date_announced="", date_effective="2020-12-23",
  legal_citation="85 FR 83793", source_id="usa-fr-2020-28052", confidence="medium",
  summary="Creates the MEU List (Supp. No. 7 to part 744) and names 102 'military end users' (57 under China, mostly "
          "aviation and defence-industry firms) for the § 744.21 military end-user licence requirement on the items "
          "of Supp. No. 2 to part 744 (it covers only those items, not all items subject to the EAR). Published and "
          "effective Dec. 23, 2020 (FR API metadata). The Commerce announcement date (about Dec. 21-22, 2020) was not "
          "verified, so date_announced is empty.")
s(source_id="usa-fr-2020-28052", publisher=OFR,
  title="Addition of 'Military End User' (MEU) List to the Export Administration Regulations and Addition of Entities to the MEU List",
  citation="85 FR 83793 (Dec. 23, 2020), FR Doc. 2020-28052", url=fr("2020-28052"),
  date_published="2020-12-23", source_type="primary", source_quality="official",
  verified_via="https://regulations.justia.com/regulations/fedreg/2020/12/23/2020-28052.html (FR text copy); https://api.ai-analytics.org/commerce-rule/2020-28052 (FR API metadata)",
  notes="Justia copy of the FR text: pp. 83793-83804, Vol. 85 No. 247 (Dec. 23, 2020), docket 201215-0344, RIN "
        "0694-AI34; 'one hundred and two military end users ... fifty-seven under China and forty-five under "
        "Russia'. FR-API metadata: published 2020-12-23, effective 2020-12-23. The DATES line itself was cut off in "
        "the excerpt read. Press reports of the announcement (Dec. 21-22) speak of 103 entities (58 Chinese).")

# 13 Phytium / Sunway ----------------------------------------------------------------------
m(measure_id="US-2021-phytium-sunway-supercomputing-entity-list", authority=BIS,
  title="Addition of seven Chinese supercomputing entities (Tianjin Phytium, Sunway Microelectronics, Shanghai HPIC Design Center, four National Supercomputing Centers) to the Entity List",
  instrument="list_designation", category="entity_listing",
  date_announced="2021-04-08", date_effective="2021-04-08",
  legal_citation="86 FR 18437", source_id="usa-fr-2021-07400", confidence="medium",
  summary="Adds CPU designers Phytium and Sunway and related supercomputing centres for supporting China's military "
          "modernisation and WMD programmes: licence for all items subject to the EAR, presumption of denial, no "
          "licence exceptions. Announced and effective Apr. 8 (secondary sources), published Apr. 9, 2021.")
s(source_id="usa-fr-2021-07400", publisher=OFR,
  title="Addition of Entities to the Entity List (seven Chinese supercomputing entities incl. Tianjin Phytium and Sunway Microelectronics)",
  citation="86 FR 18437 (Apr. 9, 2021), FR Doc. 2021-07400", url=fr("2021-07400"),
  date_published="2021-04-09", source_type="primary", source_quality="official",
  verified_via="docslib.org copy of FR page 18437 (v1); public-inspection PDF link quoted by Expeditors (v1)",
  notes="FR page 18437, Vol. 86 No. 67 (Apr. 9, 2021) containing this rule seen on a docslib copy (v1). DATES line "
        "not read. Effective Apr. 8, 2021 re-checked in v2: Lexology alert ('The final rule is effective April 8, 2021 "
        "and will be published in the Federal Register on April 9, 2021'), Communications Litigation Today (Apr. 8: "
        "'final rule that takes effect today'), Crowell & Moring (cmtradelaw.com), Caixin Global (Commerce statement "
        "of Thursday Apr. 8). Public-inspection PDF https://public-inspection.federalregister.gov/2021-07400.pdf "
        "quoted by Expeditors.")

# 14 Section 1758 / Wassenaar 2021 implementation -------------------------------------------
m(measure_id="US-2022-section-1758-gaafet-ecad-substrates", authority=BIS,
  title="Implementation of 2021 Wassenaar decisions on four section 1758 technologies (GAAFET ECAD software, Ga2O3 and diamond substrates, PGC)",
  instrument="interim_final_rule", category="equipment",
  date_announced="2022-08-12", date_effective="2022-08-15",
  legal_citation="87 FR 49979", source_id="usa-fr-2022-17125", confidence="medium",
  summary="Implements controls agreed at the December 2021 Wassenaar plenary: gallium-oxide and diamond ultra-wide-"
          "bandgap substrates (3C001.d-f, 3C005, 3C006, 3E003), new ECCN 3D006 for ECAD software specially designed "
          "for GAAFET IC development, and PGC gas-turbine technology; NS/AT controls for all NS destinations, not "
          "China-specific. Announced Friday Aug. 12, 2022; published and effective Aug. 15, 2022 except the ECAD "
          "control, effective Oct. 14, 2022. As the national implementation of WA-2021-dual-use-list-update it "
          "sets no level of its own (G2, AE-1).")
s(source_id="usa-fr-2022-17125", publisher=OFR,
  title="Implementation of Certain 2021 Wassenaar Arrangement Decisions on Four Section 1758 Technologies",
  citation="87 FR 49979 (Aug. 15, 2022), FR Doc. 2022-17125", url=fr("2022-17125"),
  date_published="2022-08-15", source_type="primary", source_quality="official",
  verified_via="https://www.emsnow.com/u-s-commerce-implements-new-multilateral-controls-on-advanced-semiconductor-and-gas-turbine-engine-technologies/ (BIS release reproduced); https://www.arnoldporter.com/en/perspectives/advisories/2022/08/bis-implements-additional-controls",
  notes="BIS release (reproduced): the four technologies 'are among the items that the 42 Participating States of the "
        "Wassenaar Arrangement reached consensus to control at the December 2021 Plenary'. Announced Friday "
        "Aug. 12, 2022 (Reuters via wkzo.com, Converge Digest dated Aug. 12). Effective Aug. 15, 2022 except ECAD "
        "(3D006) Oct. 14, 2022 per Arnold & Porter, JD Supra and Export Compliance Daily. Doc number 2022-17125 "
        "confirmed by an FR-API citation resolver (abstract names GAAFET ECAD and Ga2O3/diamond substrates). "
        "Rule text not read.")

# 15 SME 14nm is-informed letters (NEW) ------------------------------------------------------
m(measure_id="US-2022-sme-14nm-is-informed-letters", authority=BIS,
  title="'Is-informed' letters to KLA, Lam Research and Applied Materials requiring licences for tools to Chinese fabs at 14 nm and below",
  instrument="is_informed_letter", category="equipment",
  date_announced="2022-07-27", date_effective="2022-07-31", date_effective_precision="month",
  legal_citation="", source_id="usa-press-tomshardware-14nm-2022", confidence="medium",
  summary="In July 2022 BIS sent letters to U.S. toolmakers (KLA, Lam Research, Applied Materials) forbidding exports "
          "of chipmaking equipment to Chinese fabs producing logic chips at sub-14 nm nodes without a licence, "
          "widening the earlier SMIC 10 nm policy. Lam's CEO disclosed the notification on the company's June-"
          "quarter earnings call on Wednesday July 27, 2022 and KLA's CEO confirmed receipt; per Bloomberg all U.S. "
          "toolmakers had received letters 'in the past two weeks or so'. Effective date known only to the month "
          "(G7). Codified and widened by the Oct. 7, 2022 rule (87 FR 62186).")
s(source_id="usa-press-tomshardware-14nm-2022", publisher="Tom's Hardware",
  title="U.S. Lashes China With Stricter Export Bans on Chip-Making Tech",
  citation="Tom's Hardware (reporting Bloomberg), July/Aug. 2022",
  url="https://www.tomshardware.com/news/us-china-chipmaking-14nm-restrictions",
  date_published="", source_type="secondary", source_quality="press",
  verified_via="https://www.ajot.com/news/us-quietly-tightens-grip-on-exports-of-chipmaking-gear-to-china (Bloomberg story reproduced); https://archives.lincolndailynews.com/2022/Sep/12/NEWS/news_t.shtml (Reuters, Sept. 11-12, 2022, reproduced)",
  notes="Tom's Hardware quotes Lam CEO Tim Archer ('we're prepared to fully comply'), notes the rule applies to logic "
        "not memory, quotes Commerce ('focused on impairing PRC efforts to manufacture advanced semiconductors') and "
        "KLA CEO Rick Wallace. Bloomberg (via AJOT): Archer spoke 'on a conference call on Wednesday'; 'In the past "
        "two weeks or so, all US equipment makers have received letters from Commerce'. Reuters (Karen Freifeld, "
        "Alexandra Alper, Sept. 11, 2022): letters 'earlier this year' to KLA, Lam and Applied Materials, 'which "
        "the companies publicly acknowledged', forbade exports to Chinese factories producing sub-14 nm chips "
        "without a licence. The article's publication date was not seen (copies date it July 30-Aug. 1, 2022). "
        "No company filing was read.")

# 16 NVIDIA / AMD letters ------------------------------------------------------------------
m(measure_id="US-2022-nvidia-amd-ai-chip-licence-letters", authority=BIS,
  title="'Is-informed' licence requirement on NVIDIA A100/H100 (and AMD MI250) AI chips for China and Russia",
  instrument="is_informed_letter", category="chips",
  date_announced="2022-08-31", date_effective="2022-08-26",
  legal_citation="", source_id="usa-company-nvidia-8k-2022-08-31", confidence="medium",
  summary="The USG informed NVIDIA on Aug. 26, 2022 of a licence requirement, effective immediately, for exports to "
          "China (incl. Hong Kong) and Russia of A100/H100 ICs, systems containing them, and future ICs at or above "
          "A100-class peak performance and chip-to-chip I/O thresholds; disclosed in NVIDIA's SEC Form 8-K of "
          "Wednesday Aug. 31, 2022. AMD said it had received a similar notice for its MI250 (Reuters, Aug. 31). No "
          "FR document; codified by the Oct. 7, 2022 rule.")
s(source_id="usa-company-nvidia-8k-2022-08-31", publisher="NVIDIA Corporation (SEC EDGAR)",
  title="NVIDIA Corporation Form 8-K (Item 8.01 Other Events), filed Aug. 31, 2022",
  citation="NVIDIA Corp., Form 8-K, Aug. 31, 2022 (SEC File No. 000-23985)",
  url="https://www.sec.gov/cgi-bin/browse-edgar?action=getcompany&CIK=0001045810&type=8-K&dateb=20220901&owner=include&count=10",
  date_published="2022-08-31", source_type="primary", source_quality="company",
  verified_via="https://shacknews.com/article/132106/nvidia-exports-us-government-license-requirements-china-hong-kong (quotes the filing); https://www.itpro.com/hardware/368957/us-imposes-sanctions-on-nvidias-chip-sales-in-china; https://www.worldecr.com/news/new-licence-requirement-may-force-nvidia-to-transition-operations-out-of-china/",
  notes="Filing text read only as quoted by Shacknews, ITPro and Odisha Bhaskar: 'On August 26, 2022, the U.S. "
        "government, or USG, informed NVIDIA ... that the USG has imposed a new license requirement, effective "
        "immediately, for any future export to China (including Hong Kong) and Russia of the Company's A100 and "
        "forthcoming H100 integrated circuits'. Filed Wednesday Aug. 31, 2022 (Shacknews). The accession-level URL "
        "was not found, so the URL is NVIDIA's EDGAR 8-K list up to Sept. 1, 2022. AMD's notice rests on Reuters "
        "(Aug. 31; relayed by Silicon Republic, Sept. 1, 2022, and Telecom Lead: 'new license requirements that will stop "
        "its MI250 artificial intelligence chips from being exported to China') and Trade Law Daily.")

# 17 October 2022 rule ---------------------------------------------------------------------
m(measure_id="US-2022-advanced-computing-sme-rule", authority=BIS,
  title="Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List Modification",
  instrument="interim_final_rule", category="equipment",
  date_announced="2022-10-07", date_effective="2022-10-07",
  legal_citation="87 FR 62186", source_id="usa-fr-2022-21658", confidence="high",
  summary="China-wide controls on advanced computing ICs (3A090/4A090), advanced SME (3B090) and items for advanced-"
          "node fabs (§ 744.23: logic 16/14 nm or below or non-planar, DRAM 18 nm half-pitch or less, NAND 128 layers "
          "or more), new FDP rules for advanced computing, supercomputer end use and 28 footnote-4 Entity List "
          "parties, and a licence requirement on U.S.-person support for such fabs (§ 744.6). Placed on public "
          "display Oct. 7, 2022 (87 FR 61970); published Oct. 13, 2022. Phased: Oct. 7 (740.2, 740.10, 742.6, "
          "744.23, Supp. 1 to part 774 SME entries), Oct. 12 (U.S.-person restrictions, per law firms) and Oct. 21 "
          "(FDP rules, 3A090/4A090 chip and computer controls).")
s(source_id="usa-fr-2022-21658", publisher=OFR,
  title="Implementation of Additional Export Controls: Certain Advanced Computing and Semiconductor Manufacturing Items; Supercomputer and Semiconductor End Use; Entity List Modification",
  citation="87 FR 62186 (Oct. 13, 2022), FR Doc. 2022-21658", url=fr("2022-21658"),
  date_published="2022-10-13", source_type="primary", source_quality="official",
  verified_via="https://open-gov.usebase.io/federal-register/2022-21658 (FR API metadata and DATES (a)); https://api.ai-analytics.org/commerce-rule/2022-21658; https://self-law.org/code/register/2022/10/13/2022-22037 (copy of 87 FR 61970); https://www.bis.doc.gov/index.php/all-articles/17-regulations/1963-federal-register-notices-2022?tmpl=component&print=1",
  notes="IFR, doc 2022-21658, docket 220930-0204, published 2022-10-13. DATES (a) read on an FR-API copy: effective "
        "Oct. 7, 2022 are instructions 7 (740.2), 9 (740.10), 11 (742.6), 17 (744.23) and 25 (Supp. 1 to part "
        "774). BIS 2022 index lists effective dates 10/07, 10/12 and 10/21/2022. DATES (b)/(c) NOT read: mapping "
        "taken from law firms - Crowell & Moring: SME controls effective Oct. 7, semiconductors and other advanced "
        "computing items Oct. 21; Pillsbury: pending Oct. 21 changes 'include the new foreign direct product rules "
        "and controls on certain high-performance chips and computers'; Gibson Dunn: SME restrictions Oct. 7, "
        "supercomputer items Oct. 21, new licensing requirement for U.S.-person support on a separate date; "
        "Oct. 12 for § 744.6 U.S.-person support as widely reported. 87 FR 61970 (FR Doc. 2022-22037): BIS "
        "'placed on public display' the IFR on Oct. 7, 2022.")

# 18 UVL Oct 2022 --------------------------------------------------------------------------
m(measure_id="US-2022-unverified-list-ymtc", authority=BIS,
  title="Revisions to the Unverified List (31 Chinese parties incl. YMTC) and clarification of Entity List criteria",
  instrument="final_rule", category="entity_listing",
  date_announced="2022-10-07", date_effective="2022-10-07",
  legal_citation="87 FR 61971", source_id="usa-fr-2022-21714", confidence="high",
  summary="Adds 31 Chinese parties, including YMTC, to the Unverified List (no licence exceptions, UVL statement "
          "required) and removes nine. It also clarifies that sustained host-government non-cooperation with "
          "end-use checks can lead to Entity List addition (a 60-day pathway). Announced and effective Oct. 7, "
          "published Oct. 13, 2022.")
s(source_id="usa-fr-2022-21714", date_accessed="2026-11-27", publisher=OFR,
  title="Revisions to the Unverified List; Clarifications to Activities and Criteria That May Lead to Additions to the Entity List",
  citation="87 FR 61971 (Oct. 13, 2022), FR Doc. 2022-21714", url=fr("2022-21714"),
  date_published="2022-10-13", source_type="primary", source_quality="official",
  verified_via="https://api.ai-analytics.org (FR API metadata for 2022-21714, v1); https://www.bis.doc.gov/index.php/all-articles/17-regulations/1963-federal-register-notices-2022?tmpl=component&print=1",
  notes="Doc 2022-21714, docket 220930-0205, published 2022-10-13, effective 2022-10-07; adds 31 persons in China to "
        "the UVL and removes nine (FR-API metadata, v1); pub/effective dates also in the BIS 2022 FR index. YMTC "
        "among the additions per Reuters (secondary) and the Dec. 2022 rule's conforming UVL removal.")

# 19 Dec 2022 Entity List (YMTC etc.) --------------------------------------------------------
m(measure_id="US-2022-ymtc-cambricon-entity-list", authority=BIS,
  title="Additions to the Entity List of 36 entities incl. YMTC, Cambricon and 21 AI-chip entities (footnote 4)",
  instrument="list_designation", category="entity_listing",
  date_announced="2022-12-15", date_effective="2022-12-16",
  legal_citation="87 FR 77505", source_id="usa-fr-2022-27151", confidence="high",
  summary="Adds 36 entities (35 China, 1 Japan), including YMTC and 21 AI-chip R&D/manufacturing/sales entities such "
          "as Cambricon and CETC units, which also receive footnote 4 (Entity List FDP rule). YMTC is moved from the "
          "Unverified List. Announced Dec. 15, effective Dec. 16, published Dec. 19, 2022.")
s(source_id="usa-fr-2022-27151", publisher=OFR,
  title="Additions and Revisions to the Entity List and Conforming Removal From the Unverified List",
  citation="87 FR 77505 (Dec. 19, 2022), FR Doc. 2022-27151", url=fr("2022-27151"),
  date_published="2022-12-19", source_type="primary", source_quality="official",
  verified_via="https://d1tvxue8o4w0fl.cloudfront.net/federal-register/additions-and-revisions-to-the-entity-list-and-conforming-removal-from-the-unverified-list (FR text copy); https://www.bis.doc.gov/index.php/all-articles/17-regulations/1963-federal-register-notices-2022?tmpl=component&print=1",
  notes="FR text copy read (search pages corpus): adds thirty-six entities under China and Japan, revises three China "
        "entries, removes one entity from the UVL; DATES 'This rule is effective December 16, 2022'. Pub 12/19/2022 "
        "/ eff 12/16/2022 / 87 FR 77505 in the BIS 2022 FR index. Doc number 2022-27151 confirmed by an FR-API "
        "citation resolver (abstract: thirty-six entities under China and Japan). Announcement Dec. 15 from press "
        "reports (v1).")

# ---------------------------------------------------------------------------------------
# Supporting official sources kept from v1 (referenced in notes, not cited by a measure row)
# ---------------------------------------------------------------------------------------
s(source_id="usa-bis-fr-index-2018", publisher="Bureau of Industry and Security, U.S. Department of Commerce",
  title="Federal Register Notices - Rules published 2018", citation="BIS website, Federal Register notices table (2018)",
  url="https://www.bis.doc.gov/index.php/all-articles/17-regulations?start=20", date_published="",
  date_accessed="2026-11-27", source_type="primary", source_quality="official", verified_via="",
  notes="Read via search pages corpus (v1): 10/30/2018 83 FR 54519 'Addition of an Entity to the Entity List' with no "
        "delayed effective date; 11/19/2018 83 FR 58201 'Review of Controls for Certain Emerging Technologies', "
        "comments to 1/10/2019.")
s(source_id="usa-bis-fr-index-2020", publisher="Bureau of Industry and Security, U.S. Department of Commerce",
  title="Federal Register Notices - Rules published 2020", citation="BIS website, Federal Register notices table (2020)",
  url="https://www.bis.doc.gov/index.php/regulations/federal-register-notices", date_published="",
  date_accessed="2026-11-27", source_type="primary", source_quality="official", verified_via="",
  notes="Read via search pages corpus (v1): 05/19/2020 pub, 05/15/2020 effective, 85 FR 29849; 04/28/2020 pub, "
        "06/29/2020 effective, 85 FR 23459 (MEU expansion); 04/28/2020 85 FR 23470 CIV removal effective 6/29/2020.")
s(source_id="usa-bis-fr-index-2022", publisher="Bureau of Industry and Security, U.S. Department of Commerce",
  title="Federal Register Notices - Rules published 2022", citation="BIS website, Federal Register notices table (2022)",
  url="https://www.bis.doc.gov/index.php/all-articles/17-regulations/1963-federal-register-notices-2022?tmpl=component&print=1",
  date_published="", date_accessed=ACC, source_type="primary", source_quality="official", verified_via="",
  notes="Re-read via search pages corpus: 10/13/2022 pub, effective 10/07, 10/12 and 10/21/2022, comments to "
        "1/31/2023, 87 FR 62186; 10/13/2022 pub, 10/07/2022 eff, 87 FR 61971 (UVL); 10/13/2022 87 FR 61970 (public "
        "briefing); 12/19/2022 pub, 12/16/2022 eff, 87 FR 77505; 12/07/2022 87 FR 74966 comment extension.")
s(source_id="usa-bis-pr-2022-10-07", publisher="Bureau of Industry and Security, U.S. Department of Commerce",
  title="Commerce Implements New Export Controls on Advanced Computing and Semiconductor Manufacturing Items to the People's Republic of China (PRC)",
  citation="BIS press release, Oct. 7, 2022",
  url="https://bis.gov/press-release/commerce-implements-new-export-controls-advanced-computing-and-semiconductor",
  date_published="2022-10-07", date_accessed="2026-11-27", source_type="primary", source_quality="official",
  verified_via="",
  notes="Read via search pages corpus (v1): Friday Oct. 7, 2022; announces the advanced computing/SME IFR and the "
        "Unverified List / Entity List criteria rule.")
s(source_id="usa-fr-2019-17920", publisher=OFR,
  title="Temporary General License: Extension of Validity, Clarifications to Authorized Transactions, and Changes to Certification Statement Requirements",
  citation="84 FR 43487 (Aug. 21, 2019), FR Doc. 2019-17920", url=fr("2019-17920"),
  date_published="2019-08-21", source_type="primary", source_quality="official",
  verified_via="https://www.govinfo.gov/content/pkg/FR-2019-08-21/html/2019-17920.htm",
  notes="Official govinfo text re-read: pages 43487-43493; Huawei + 68 affiliates added May 16, 2019; TGL published "
        "May 22, 2019, effective May 20, 2019; extended from Aug. 19 to Nov. 18, 2019.")

# ---------------------------------------------------------------------------------------
# PROVISIONS (codebook 2.0-draft; each states the US national layer's level after the measure, G9)
# ---------------------------------------------------------------------------------------
J = "US-2018-fujian-jinhua-entity-list"
p(J, "entity_list", "limited",
  "EL-2: licence for all items with presumption of denial for one Chinese firm (memory: Fujian Jinhua), fewer than three segments named.",
  "First US Entity List listing of a Chinese chipmaker in the dataset; segment count: memory.")
p(J, "equipment_servicing", "limited",
  "SV-2: (b) the licence requirement for all items subject to the EAR reaches parts, software and servicing for US tools at one named fab (Jinhua's DRAM fab).",
  "New in v2 (v1 had no SV row for Jinhua): Jinhua was completing a DRAM fab equipped with US tools; the listing requires licences for spare parts and updates to it. Named fab only.")

H = "US-2019-huawei-entity-list"
p(H, "entity_list", "limited",
  "EL-2: Huawei group (incl. HiSilicon, design) added with presumption of denial; with Jinhua (memory) two segments are named, fewer than three.",
  "One corporate group plus one memory maker; not yet broad under EL-3.")

p("US-2019-huawei-temporary-general-license", "entity_list", "limited",
  "G5, EL-2: a temporary carve-out authorising narrow transactions leaves the Huawei listing and its denial policy in force, so the layer stays limited.",
  "Restating provision (G9). The TGL expired 2020-08-13 (confirmed in 85 FR 51596); since it never lowered the level, no separate expiry measure is needed.")

p("US-2019-sugon-hygon-entity-list", "entity_list", "limited",
  "EL-2: adds Sugon/Hygon (x86 chip design, supercomputers) and Wuxi Jiangnan; named segments remain design and memory only.",
  "")

p("US-2019-huawei-affiliates-entity-list", "entity_list", "limited",
  "EL-2, G9: 46 more affiliates of the same Huawei group; segment count unchanged, layer stays limited.",
  "")

p("US-2020-huawei-fdpr-may", "foreign_direct_product", "limited",
  "FDP-2: foreign-produced direct product reach created for one corporate group (Huawei, Entity List footnote 1).",
  "Reaches foreign-made chip designs and chipsets made to Huawei/HiSilicon designs with US SME; single group.")

SL = "US-2020-smic-is-informed-letters"
p(SL, "advanced_equipment", "limited",
  "G6, AE-3: (b) is-informed letters require licences for US equipment, parts and materials to one named fab group (SMIC).",
  "Month precision (G7): letters sent in late September 2020 (Reuters: dated Sept. 25); confirmed by SMIC on Oct. 4, 2020.")
p(SL, "equipment_servicing", "limited",
  "G6, G9, SV-2: (b) the letters also cover parts and materials for SMIC's installed tools; named fabs only, so the layer stays limited.",
  "Restates the level set by the Jinhua listing (SV-2b).")

A = "US-2020-huawei-fdpr-august"
p(A, "foreign_direct_product", "limited",
  "FDP-2, G9: the Huawei FDP rule is widened to any foreign-made item built with covered US technology or SME for a footnote-1 Huawei entity, but still reaches one corporate group.",
  "")
p(A, "entity_list", "limited",
  "EL-2, G9: 38 more Huawei affiliates and the end of the TGL; segments named remain design and memory.",
  "")

S = "US-2020-smic-entity-list"
p(S, "entity_list", "broad",
  "EL-3: with SMIC (foundry) added to Jinhua (memory) and Huawei/HiSilicon (design), the list names leading Chinese firms in three segments with licence for all items and presumption of denial.",
  "v1 had limited here and broad only from 2022-12-16; recoded per codebook EL-3 worked example.")
p(S, "advanced_equipment", "limited",
  "AE-3: (b) the SMIC listing singles out items uniquely required for 10 nm and below for a presumption of denial, an end-user control on one named fab group.",
  "Case-by-case review for other items. The v1 euv_lithography row for this measure is dropped: EUV stays at the WA level (EUV-4, EUV-1).")
p(S, "equipment_servicing", "limited",
  "SV-2, G9: (b) the listing requires licences for parts, software and updates for tools at SMIC's fabs; named fabs only.",
  "")

p("US-2020-military-end-user-list", "entity_list", "broad",
  "EL-1, EL-4, G9: the MEU List covers only the items of Supp. No. 2 to part 744 (limited on its own), but the US layer is already broad, so it restates broad.",
  "Shown so that briefings list the measure; 57 entities under China.")

p("US-2021-phytium-sunway-supercomputing-entity-list", "entity_list", "broad",
  "EL-4: seven more Chinese CPU-design and supercomputing entities added to an already broad list.",
  "")

L = "US-2022-sme-14nm-is-informed-letters"
p(L, "advanced_equipment", "limited",
  "G6, AE-3: (b) letters to named US toolmakers (KLA, Lam Research, Applied Materials) require licences for tools to Chinese fabs at 14 nm and below; end-use based and limited to named exporters.",
  "Widens the SMIC-only 10 nm policy but remains a named-exporter measure; month precision (G7): letters received in July 2022.")

p("US-2022-nvidia-amd-ai-chip-licence-letters", "advanced_chips", "limited",
  "G6, AC-2: is-informed letters impose a licence requirement on named products (NVIDIA A100/H100-class, AMD MI250) for China and Russia.",
  "Until the 3A090/4A090 controls of the October 2022 rule took effect (2022-10-21).")

R = "US-2022-advanced-computing-sme-rule"
p(R, "advanced_equipment", "broad",
  "AE-4: new ECCN 3B090 item controls combined with the § 744.23 end-use licence requirement on items for advanced-node fabs in China.",
  "Confirmed effective 2022-10-07 (DATES (a): instructions 17 (§ 744.23) and 25 (Supp. 1 to part 774)).")
p(R, "equipment_servicing", "broad",
  "SV-3: § 744.23 requires a licence for any item subject to the EAR (incl. parts, software, updates) destined to advanced-node fabs in China generally, not only named fabs.",
  "v1 had limited (reading § 744.6 only); recoded under SV-3, whose end-use limb is met by § 744.23 effective 2022-10-07. The § 744.6 person limb followed on 2022-10-12.")
p(R, "persons_support", "broad",
  "PS-2: § 744.6 requires a licence for US persons supporting development or production at advanced-node fabs in China generally.",
  "Effective 2022-10-12 per the codebook (PS-2) and law firms (Pillsbury, Baker McKenzie, Gibson Dunn: phased Oct. 7/12/21); DATES (b) of the FR text itself was not read.",
  date_effective="2022-10-12")
p(R, "advanced_chips", "broad",
  "AC-3: performance-threshold licence requirement for China on advanced computing ICs and computers (3A090/4A090).",
  "Dated 2022-10-21: Crowell & Moring, Orrick, Gibson Dunn and Pillsbury all put the 3A090/4A090 chip and computer controls at Oct. 21 (SME at Oct. 7); the codebook's AC-3 example says 2022-10-07. FR DATES (c) not read. Named products were already covered by the August letters.",
  date_effective="2022-10-21")
p(R, "foreign_direct_product", "broad",
  "FDP-3: product-class FDP rules for advanced computing items and supercomputer end uses in China, plus Entity List FDP (footnote 4) for 28 Chinese parties.",
  "Effective 2022-10-21 per law firms (Pillsbury: pending Oct. 21 changes include the new FDP rules; § 734.9 not among the Oct. 7 instructions).",
  date_effective="2022-10-21")
p(R, "license_policy", "broad",
  "LP-3: presumption of denial for items to advanced-node fabs owned by Chinese-headquartered entities (§ 744.23) and for 3A090-class items, a core class.",
  "Other China-located fabs case-by-case. Replaces v1's license_scope row (dropped, not converted).")

p("US-2022-unverified-list-ymtc", "entity_list", "broad",
  "G9, EL-4: UVL listings count as limited at most, but they add to a layer that is already broad, which therefore stays broad.",
  "v1 had limited, which under 'latest in force wins' would have lowered the layer; YMTC moved to the Entity List in Dec. 2022.")

Y = "US-2022-ymtc-cambricon-entity-list"
p(Y, "entity_list", "broad",
  "EL-4: adds YMTC (memory), SMEE (SME), Cambricon and other AI-chip designers to an already broad list.",
  "")
p(Y, "foreign_direct_product", "broad",
  "FDP-3, G9: Entity List FDP (footnote 4) extended to 21 AI-chip entities on top of the product-class FDP rules already in force.",
  "")

# ---------------------------------------------------------------------------------------
# Corroborating secondary sources kept from v1 (recognised law firms / trade press; not cited by a row)
# ---------------------------------------------------------------------------------------
s(source_id="usa-fr-2020-05190", publisher=OFR, title="Temporary General License: Extension of Validity",
  citation="Federal Register, Mar. 12, 2020 (FR Doc. 2020-05190)", url=fr("2020-05190"),
  date_published="2020-03-12", date_accessed="2026-11-27", source_type="primary", source_quality="official",
  verified_via="https://www.federalregister.gov/documents/2020/03/12/2020-05190/temporary-general-license-extension-of-validity",
  notes="Read on federalregister.gov (v1; re-seen in v2 search results): 'As published on May 22, 2019 (84 FR 23468)'; "
        "TGL extended through May 15, 2020; rule effective March 10, 2020. Its own FR page citation was not seen.")
s(source_id="usa-sec-arnoldporter-1758-2022", publisher="Arnold & Porter",
  title="US Department of Commerce's Bureau of Industry & Security (BIS) Implements Additional Controls on Semiconductor and Gas Turbine Engine Technologies",
  citation="Arnold & Porter advisory, Aug. 30, 2022",
  url="https://www.arnoldporter.com/en/perspectives/advisories/2022/08/bis-implements-additional-controls",
  date_published="2022-08-30", source_type="secondary", source_quality="law_firm",
  notes="Re-read in v2: IFR published Aug. 15, 2022, implementing December 2021 Wassenaar plenary decisions; effective "
        "Aug. 15, 2022 except ECAD software for GAAFET ICs (new ECCN 3D006) effective Oct. 14, 2022; Ga2O3 and "
        "diamond substrates (3C001.d-f, 3C005.a-b, 3C006, 3E003); NS/AT controls.")
s(source_id="usa-sec-bakermckenzie-huawei-2019", publisher="Baker McKenzie (Sanctions & Export Controls Update)",
  title="US Government imposes comprehensive restrictions on exports/reexports to Huawei and its affiliates",
  citation="Baker McKenzie client alert (May 2019)",
  url="https://sanctionsnews.bakermckenzie.com/us-government-imposes-comprehensive-restrictions-on-exports-reexports-to-huawei-and-its-affiliates-and-issues-executive-order-to-secure-information-and-communications-technology-and-services-in-the-un",
  date_published="", date_accessed="2026-11-27", source_type="secondary", source_quality="law_firm",
  notes="v1: BIS press release May 15, 2019; rule effective May 16, 2019 on display at the FR public inspection list, "
        "published May 21, 2019.")
s(source_id="usa-sec-cmtradelaw-fdpr-2020", publisher="Crowell & Moring (cmtradelaw blog)",
  title="Commerce announces EAR rule change to further target Huawei's access to U.S. technologies",
  citation="Crowell & Moring, cmtradelaw.com (May 2020)",
  url="https://www.cmtradelaw.com/2020/05/commerce-announces-ear-rule-change-to-further-target-huaweis-access-to-u-s-technologies/",
  date_published="", date_accessed="2026-11-27", source_type="secondary", source_quality="law_firm",
  notes="v1: BIS press release of May 15, 2020 announcing the FDP rule change and 120-day wind-down; WilmerHale also "
        "says announced and effective May 15, 2020.")
s(source_id="usa-sec-phytium-2021-alerts", publisher="Crowell & Moring (cmtradelaw blog)",
  title="BIS adds Chinese supercomputing centers and companies to Entity List",
  citation="Crowell & Moring, cmtradelaw.com (Apr. 2021)",
  url="https://www.cmtradelaw.com/2021/04/bis-adds-chinese-supercomputing-centers-and-companies-to-entity-list/",
  date_published="", source_type="secondary", source_quality="law_firm",
  notes="Re-read in v2: 'On April 8, the Bureau of Industry and Security (BIS) issued a final rule'; licence for all "
        "items, no licence exceptions, presumption of denial; items en route on April 8, 2021 may proceed. Lexology "
        "alert: 'effective April 8, 2021 and will be published in the Federal Register on April 9, 2021'.")
s(source_id="usa-sec-smic-2020-alerts", publisher="Thompson Hine SmartTrade",
  title="BIS Adds 60+ Companies to Its Entity List, Including China's SMIC",
  citation="Thompson Hine SmartTrade blog, Dec. 2020",
  url="https://www.thompsonhinesmartrade.com/2020/12/bis-adds-60-companies-to-its-entity-list-including-chinas-smic/",
  date_published="", source_type="secondary", source_quality="law_firm",
  notes="Re-read in v2: BIS press statement of Dec. 18, 2020; presumption of denial for items uniquely required for "
        "advanced technology nodes (10 nm or below), case-by-case otherwise. v1 also cited Hughes Hubbard ('including "
        "extreme ultraviolet technology') and Wilson Sonsini (licence requirement also captures software/technical "
        "updates to previously exported items).")
s(source_id="usa-sec-thompsonhine-huawei-aug2020", publisher="Thompson Hine SmartTrade",
  title="Commerce Confirms Expiration of Temporary General License for Huawei Transactions, Adds Further Huawei Affiliates to Entity List and Amends Direct Product Rule",
  citation="Thompson Hine SmartTrade blog (Aug. 2020)",
  url="https://www.thompsonhinesmartrade.com/2020/08/commerce-confirms-expiration-of-temporary-general-license-for-huawei-transactions-adds-further-huawei-affiliates-to-entity-list-and-amends-direct-product-rule/",
  date_published="", source_type="secondary", source_quality="law_firm",
  notes="Re-read in v2: 'On August 17, 2020, ... BIS issued a Federal Register notice and Final Rule'; TGL expired as "
        "of August 13, 2020 and replaced by a limited permanent authorization (cybersecurity research); 38 non-U.S. "
        "affiliates added.")
s(source_id="usa-sec-worldecr-nvidia-2022", publisher="WorldECR",
  title="New licence requirement may force NVIDIA to transition operations out of China",
  citation="WorldECR, Sept. 1, 2022",
  url="https://www.worldecr.com/news/new-licence-requirement-may-force-nvidia-to-transition-operations-out-of-china/",
  date_published="2022-09-01", date_accessed="2026-11-27", source_type="secondary", source_quality="press",
  notes="v1 citation of the NVIDIA letter, now superseded by the company filing (usa-company-nvidia-8k-2022-08-31): "
        "quotes NVIDIA's SEC filing (USG informed NVIDIA on Aug. 26, 2022 of a licence requirement, effective "
        "immediately, for A100/H100 to China incl. Hong Kong and Russia).")
