"""User-interface text of the fund's pages, Swedish and English (merged by ``web.i18n``).

Also the texts of every error the fund raises (``funds.error.*``), of the eligibility checks
(``funds.check.*``) and of the attachment checks (``files.error.*``), with their placeholders.
"""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "funds.nav": "Fonden",
        "funds.nav_inbox": "Inkorg",
        "funds.nav_public": "Beviljade avrop",
        "funds.title": "Fonden för kraftsamlande insatser",
        "funds.intro": (
            "Kommunstyrelsens anslag till förfogande för kraftsamlande insatser avropas vid "
            "behov av nämnder och bolag för insatser inom lokal utveckling och universell "
            "prevention, med barn och unga som huvudsaklig målgrupp. Här visas varje års ram "
            "med aktuella belopp, delegationsordningen, den administrativa bördan och hur "
            "pengarna fördelas efter behov."
        ),
        "funds.new": "Nytt avrop",
        "funds.public_link": "Offentlig sida med beviljade avrop",
        "funds.no_fund": "Ingen fond är upplagd ännu.",
        "funds.frame_heading": "Budgetram {year}",
        "funds.frame_decision": "Beslut om ramen",
        "funds.invented": "paragrafnumret är påhittat i demodata",
        "funds.figures_caption": "Ramen {year} i kronor, aktuella belopp",
        "funds.col.figure": "Belopp",
        "funds.col.amount": "Kronor",
        "funds.fig.frame": "Ram",
        "funds.fig.requested": "Sökt (ännu inte beslutat)",
        "funds.fig.recommended": "Tillstyrkt (ännu inte beslutat)",
        "funds.fig.granted": "Beviljat",
        "funds.fig.paid": "Utbetalt",
        "funds.fig.returned": "Återfört till ramen",
        "funds.fig.remaining": "Kvar att bevilja",
        "funds.burden.heading": "Administrativ börda",
        "funds.burden.intro": (
            "Hur mycket arbete fonden kostar dem som använder den: mediantider och hur mycket "
            "som fylls i."
        ),
        "funds.burden.submitted": "Inlämnade avrop",
        "funds.burden.to_decision": "Mediantid från inlämning till beslut (dagar)",
        "funds.burden.to_payment": "Mediantid från beslut till första utbetalning (dagar)",
        "funds.burden.returned": "Andel återsända för komplettering",
        "funds.burden.fields": "Ifyllda fält per avrop (median)",
        "funds.rules.heading": "Delegationsordning",
        "funds.rules.caption": "Vem som beslutar om ett avrop, efter belopp",
        "funds.rules.body": "Beslutar",
        "funds.rules.limit": "Upp till och med",
        "funds.rules.delegated": "Delegationsbeslut",
        "funds.rules.no_limit": "utan övre gräns",
        "funds.rules.light": (
            "Avrop på högst {limit} går den enkla vägen: förväntade effekter och "
            "samarbetspartner behöver inte anges."
        ),
        "funds.yes": "ja",
        "funds.no": "nej",
        "funds.dist.heading": "Fördelning efter behov",
        "funds.dist.formula": (
            "Ett målområdes behov räknas som antalet invånare 0–19 år (senaste året) gånger "
            "områdets percentil i indexet för utsatthet i referenskörningen, där det mest "
            "utsatta av n rangordnade områden har percentilen 1 och det minst utsatta 1/n "
            "(percentil = 1 − (rang − 1) / n). Behovsandelen är områdets behov delat med alla "
            "målområdens behov. Ett avrops beviljade belopp (minus återfört) delas lika mellan "
            "dess målområden."
        ),
        "funds.dist.caption": "Beviljade pengar och behov per målområde",
        "funds.dist.area": "Målområde",
        "funds.dist.granted": "Beviljat",
        "funds.dist.young": "Invånare 0–19 år",
        "funds.dist.per_young": "Kronor per ung invånare",
        "funds.dist.percentile": "Percentil i indexet",
        "funds.dist.need_share": "Andel av behovet",
        "funds.dist.money_share": "Andel av pengarna",
        "funds.dist.none": "Inga målområden är beslutade ännu, så fördelningen kan inte visas.",
        "funds.list.title": "Avrop",
        "funds.list.intro": "Alla inlämnade avrop och de utkast som är din organisations egna.",
        "funds.list.intro_officer": "Din organisations avrop, även utkast.",
        "funds.list.all": "Alla",
        "funds.list.filter": "Visa",
        "funds.list.caption": "{n} avrop, nyaste först",
        "funds.list.none": "Inga avrop att visa.",
        "funds.col.case": "Diarienummer",
        "funds.col.title": "Insats",
        "funds.col.organisation": "Organisation",
        "funds.col.status": "Status",
        "funds.col.requested": "Sökt belopp",
        "funds.col.recommended": "Tillstyrkt",
        "funds.col.granted": "Beviljat",
        "funds.col.paid": "Utbetalt",
        "funds.col.unpaid": "Beviljat men inte utbetalt",
        "funds.col.refunded": "Återbetalt",
        "funds.col.released": "Återfört vid avslut",
        "funds.col.frame": "Ram",
        "funds.col.body": "Beslutande",
        "funds.col.decision": "Beslut",
        "funds.col.date": "Datum",
        "funds.col.kind": "Slag",
        "funds.col.reference": "Verifikation",
        "funds.col.path": "Väg",
        "funds.col.remaining_after": "Kvar av ramen efter raden",
        "funds.untitled": "(utan rubrik)",
        "funds.no_case": "får diarienummer när avropet lämnas in",
        "funds.status.draft": "utkast",
        "funds.status.submitted": "inlämnat",
        "funds.status.returned": "återsänt för komplettering",
        "funds.status.assessed": "bedömt",
        "funds.status.granted": "beviljat",
        "funds.status.rejected": "avslaget",
        "funds.status.paid": "utbetalt",
        "funds.status.reporting": "redovisas",
        "funds.status.closed": "avslutat",
        "funds.status.withdrawn": "återkallat",
        "funds.process.local_development": "Lokal utveckling",
        "funds.process.universal_prevention": "Universell prevention",
        "funds.theme.mobility": "Ungas rörlighet i staden",
        "funds.theme.leisure": "Jämlik och meningsfull fritid",
        "funds.theme.parents": "Stöd till föräldrar",
        "funds.theme.other": "Annat",
        "funds.age": "{band} år",
        "funds.direction.increase": "ska öka",
        "funds.direction.decrease": "ska minska",
        "funds.partner.association": "förening",
        "funds.partner.business": "företag",
        "funds.partner.company": "kommunalt bolag",
        "funds.partner.other": "annan",
        "funds.payment.payment": "utbetalning",
        "funds.payment.refund": "återbetalning",
        "funds.recommendation.full": "tillstyrks i sin helhet",
        "funds.recommendation.partial": "tillstyrks delvis",
        "funds.recommendation.none": "tillstyrks inte",
        "funds.path_is.light": "enkel (litet belopp)",
        "funds.path_is.full": "fullständig",
        "funds.edit_title": "Ändra avropet ”{title}”",
        "funds.edit": "Ändra avropet",
        "funds.form.intro": (
            "Formuläret frågar bara det som bedömningen behöver. Ett utkast kan sparas "
            "ofullständigt; det som saknas visas på avropets sida innan det lämnas in."
        ),
        "funds.form.summary": "Formuläret sparades inte. Antal fel att rätta: {n}",
        "funds.form.about": "Insatsen",
        "funds.form.where": "Var och för vilka",
        "funds.form.money": "Pengar och tid",
        "funds.form.full_path": "Behövs bara för belopp över {limit}",
        "funds.form.choose": "Välj",
        "funds.form.none": "Ingen",
        "funds.form.indicator": "Indikator {n}",
        "funds.form.direction_label": "Förväntad riktning för indikator {n}",
        "funds.form.partner_name": "Samarbetspartner {n}",
        "funds.form.partner_kind": "Slag av samarbetspartner {n}",
        "funds.form.draft_note": "Avropet sparas som utkast. Du lämnar in det från dess sida.",
        "funds.form.save": "Spara utkast",
        "funds.form.choice": "har ett värde som inte finns bland valen.",
        "funds.form.too_long": "får ha högst {max} tecken.",
        "funds.form.date": "Skriv datumet som ÅÅÅÅ-MM-DD; du skrev ”{value}”.",
        "funds.form.reach": (
            "Skriv antalet som ett heltal från 1 till 1 000 000; du skrev ”{value}”."
        ),
        "funds.form.frame": "Välj en budgetram i listan; ”{value}” finns inte.",
        "funds.form.version": (
            "Formuläret saknar avropets version (”{value}”). Ladda om sidan och försök igen."
        ),
        "funds.form.direction": "Välj om varje vald indikator ska öka eller minska.",
        "funds.form.partner": (
            "Varje samarbetspartner behöver ett namn på högst {max} tecken och ett slag ur listan."
        ),
        "funds.form.no_frame": "Det finns ingen budgetram att söka ur.",
        "funds.form.no_edit": "Avropet kan inte ändras av dig i sitt nuvarande läge.",
        "funds.form.outcome": "Välj om avropet beviljas eller avslås.",
        "funds.form.body": "Välj vem som beslutar.",
        "funds.form.list": "Listan skickades ofullständig. Ladda om sidan och försök igen.",
        "funds.field.frame": "Budgetram",
        "funds.field.title": "Insatsens namn",
        "funds.field.description": "Beskrivning",
        "funds.field.process": "Process",
        "funds.field.themes": "Teman",
        "funds.field.other_theme": "Annat tema (beskriv)",
        "funds.field.areas": "Målområden",
        "funds.field.other_areas": "Andra områden (områdeskoder, kommaseparerade)",
        "funds.field.area_reason": "Skäl för områden som inte är målområden",
        "funds.field.age_bands": "Målgrupp (åldrar)",
        "funds.field.reach": "Ungefär hur många barn och unga nås",
        "funds.field.amount": "Sökt belopp (kronor)",
        "funds.field.co_financing": "Medfinansiering (kronor)",
        "funds.field.period": "Period",
        "funds.field.period_start": "Periodens första dag",
        "funds.field.period_end": "Periodens sista dag",
        "funds.field.path": "Beloppets storlek",
        "funds.field.effects": "Förväntade effekter",
        "funds.field.partners": "Samarbetspartner",
        "funds.field.contact": "Kontaktperson",
        "funds.field.contact_name": "Kontaktpersonens namn",
        "funds.field.contact_email": "Kontaktpersonens e-postadress",
        "funds.field.partial_amount": "Tillstyrkt belopp vid delvis tillstyrkan (kronor)",
        "funds.field.grant": "Beviljat belopp (kronor)",
        "funds.field.money": "Belopp (kronor)",
        "funds.field.paid_on": "Datum",
        "funds.field.reference": "Verifikationsnummer (valfritt)",
        "funds.help.description": "Vad görs, med vem och varför? Minst 20 tecken.",
        "funds.help.areas": (
            "Välj bland de gällande målområdena. Ett annat område kräver ett skäl."
        ),
        "funds.help.other_areas": (
            "Till exempel 1280-05-05. Lämna tomt om insatsen bara gäller målområden."
        ),
        "funds.help.amount": "Skriv beloppet i kronor, till exempel 300 000 eller 1 234,50.",
        "funds.help.partners": "Föreningar, företag eller kommunala bolag som deltar från början.",
        "funds.help.reporting": "Pengarna är utbetalda: insatsen går över till redovisning.",
        "funds.help.close": (
            "Avslutar avropet. Den del av beviljat belopp som inte är utbetald går tillbaka "
            "till ramen."
        ),
        "funds.help.withdraw": "Återkallar avropet. Det kan inte lämnas in igen.",
        "funds.path.light": "Högst {limit} (enkel väg: färre frågor)",
        "funds.path.full": "Mer än {limit}",
        "funds.check.heading": "Kontroll inför inlämning",
        "funds.check.ready": "Allt som krävs är ifyllt. Avropet kan lämnas in.",
        "funds.check.missing": "{n} krav är inte uppfyllda ännu.",
        "funds.check.met": "Uppfyllt",
        "funds.check.unmet": "Saknas",
        "funds.content_heading": "Vad avropet gäller",
        "funds.returned_heading": "Stadskontoret har återsänt avropet för komplettering",
        "funds.assessment_heading": "Stadskontorets bedömning",
        "funds.memo_docx": "Tjänsteskrivelse (Word)",
        "funds.memo_pdf": "Tjänsteskrivelse (PDF)",
        "funds.payments_heading": "Utbetalningar",
        "funds.payments_caption": "Utbetalningar och återbetalningar",
        "funds.files.heading": "Bilagor",
        "funds.files.none": "Inga bilagor.",
        "funds.files.choose": "Välj en fil (PDF, Word eller Excel)",
        "funds.files.help": "Filen kontrolleras efter sitt innehåll, inte sitt namn. Högst 10 MB.",
        "funds.files.upload": "Ladda upp bilagan",
        "funds.actions_heading": "Nästa steg",
        "funds.submit_help": (
            "När avropet lämnas in får det ett diarienummer och stadskontoret bedömer det."
        ),
        "funds.return_message": "Vad behöver kompletteras?",
        "funds.assess.recommendation": "Stadskontorets förslag",
        "funds.assess.partial_help": (
            "Bara vid delvis tillstyrkan: ett belopp under det sökta {amount}."
        ),
        "funds.assess.text": "Bedömning mot kriterierna",
        "funds.assess.text_help": (
            "Minst 20 tecken. Bedömningen är intern och visas aldrig offentligt."
        ),
        "funds.decide.outcome": "Beslut",
        "funds.decide.grant": "Bevilja",
        "funds.decide.reject": "Avslå",
        "funds.decide.body": "Beslutande",
        "funds.decide.body_help": "Förvalt är den som delegationsordningen kräver för beloppet.",
        "funds.decide.date": "Beslutsdatum (sammanträdesdag)",
        "funds.decide.paragraph": "Paragraf (§)",
        "funds.decide.paragraph_help": (
            "Till exempel § 141. Lämna tomt för ett delegationsbeslut utan paragraf."
        ),
        "funds.decide.text": "Beslutstext (valfri)",
        "funds.pay_help": "Kvar att betala ut: {amount}.",
        "funds.action.submit": "Lämna in avropet",
        "funds.action.resubmit": "Lämna in kompletteringen",
        "funds.action.return": "Återsänd för komplettering",
        "funds.action.assess": "Spara bedömningen",
        "funds.action.decide": "Registrera beslutet",
        "funds.action.pay": "Registrera utbetalning",
        "funds.action.refund": "Registrera återbetalning",
        "funds.action.reporting": "Gå över till redovisning",
        "funds.action.close": "Avsluta avropet",
        "funds.action.withdraw": "Återkalla avropet",
        "funds.done.create": "Utkastet är sparat.",
        "funds.done.edit": "Ändringarna är sparade.",
        "funds.done.submit": "Avropet är inlämnat.",
        "funds.done.resubmit": "Kompletteringen är inlämnad.",
        "funds.done.return": "Avropet är återsänt för komplettering.",
        "funds.done.assess": "Bedömningen är sparad.",
        "funds.done.decide": "Beslutet är registrerat.",
        "funds.done.pay": "Utbetalningen är registrerad.",
        "funds.done.refund": "Återbetalningen är registrerad.",
        "funds.done.reporting": "Avropet redovisas nu.",
        "funds.done.close": "Avropet är avslutat.",
        "funds.done.withdraw": "Avropet är återkallat.",
        "funds.done.attach": "Bilagan är sparad.",
        "funds.done.decided": "Besluten för listan är registrerade.",
        "funds.done.read": "Alla meddelanden är markerade som lästa.",
        "funds.refused.submit": "Avropet lämnades inte in",
        "funds.refused.resubmit": "Kompletteringen lämnades inte in",
        "funds.refused.return": "Avropet återsändes inte",
        "funds.refused.assess": "Bedömningen sparades inte",
        "funds.refused.decide": "Beslutet registrerades inte",
        "funds.refused.pay": "Utbetalningen registrerades inte",
        "funds.refused.refund": "Återbetalningen registrerades inte",
        "funds.refused.reporting": "Avropet gick inte över till redovisning",
        "funds.refused.close": "Avropet avslutades inte",
        "funds.refused.withdraw": "Avropet återkallades inte",
        "funds.refused.attach": "Bilagan sparades inte",
        "funds.refused.meeting": "Besluten registrerades inte; inget ändrades",
        "funds.refused.to_form": "Till formuläret",
        "funds.confirm.about": "Avrop: {title} ({case}).",
        "funds.confirm.cancel": "Nej, tillbaka till avropet",
        "funds.confirm.withdraw.title": "Återkalla avropet?",
        "funds.confirm.withdraw.text": (
            "Ett återkallat avrop kan inte lämnas in igen. Vill du återkalla det?"
        ),
        "funds.confirm.withdraw.button": "Ja, återkalla avropet",
        "funds.confirm.close.title": "Avsluta avropet?",
        "funds.confirm.close.text": (
            "Ett avslutat avrop kan inte öppnas igen; det som inte är utbetalt går tillbaka "
            "till ramen. Vill du avsluta det?"
        ),
        "funds.confirm.close.button": "Ja, avsluta avropet",
        "funds.confirm.reject.title": "Avslå avropet?",
        "funds.confirm.reject.text": (
            "Ett avslag kan inte ändras här. Vill du registrera avslaget?"
        ),
        "funds.confirm.reject.button": "Ja, registrera avslaget",
        "funds.back_to_list": "Alla avrop",
        "funds.meeting.title": "Beslutslista för sammanträde",
        "funds.meeting.intro": (
            "Bedömda avrop som väntar på beslut av det valda organet, i den ordning de lämnades "
            "in, med vad som är kvar av ramen efter varje rad om raderna ovanför beviljas som "
            "tillstyrkt. Listan kan laddas ner för kallelsen och besluten föras in för hela "
            "listan på en gång."
        ),
        "funds.meeting.body": "Beslutande organ",
        "funds.meeting.date": "Sammanträdesdag",
        "funds.meeting.show": "Visa",
        "funds.meeting.list_heading": "{body} {date}",
        "funds.meeting.frame": "Ramen {year}: {amount}; kvar före sammanträdet: {remaining}.",
        "funds.meeting.docx": "Beslutslistan (Word)",
        "funds.meeting.xlsx": "Beslutslistan (Excel)",
        "funds.meeting.caption": "{n} avrop att besluta om",
        "funds.meeting.outcome": "Beslut",
        "funds.meeting.outcome.grant": "bevilja",
        "funds.meeting.outcome.reject": "avslå",
        "funds.meeting.outcome.skip": "inte nu",
        "funds.meeting.outcome_for": "Beslut om {title}",
        "funds.meeting.amount_for": "Beviljat belopp för {title}",
        "funds.meeting.paragraph_help": (
            "Hela listan beslutas under en paragraf, till exempel § 141."
        ),
        "funds.meeting.decide": "Registrera besluten för listan",
        "funds.meeting.none": "Inga bedömda avrop väntar på det här organets beslut.",
        "funds.delegated.title": "Anmälan av delegationsbeslut",
        "funds.delegated.intro": (
            "Beslut om avrop som fattats med stöd av delegation under perioden, för anmälan "
            "till kommunstyrelsen."
        ),
        "funds.delegated.from": "Från och med",
        "funds.delegated.to": "Till och med",
        "funds.delegated.docx": "Anmälan (Word)",
        "funds.delegated.xlsx": "Anmälan (Excel)",
        "funds.delegated.caption": "Delegationsbeslut {start}–{end}, att anmäla till {body}",
        "funds.delegated.none": "Inga delegationsbeslut under perioden.",
        "funds.inbox.title": "Inkorg",
        "funds.inbox.unread": "{n} olästa meddelanden.",
        "funds.inbox.mark_read": "Markera alla som lästa",
        "funds.inbox.new": "Nytt:",
        "funds.inbox.none": "Inga meddelanden.",
        "funds.public.title": "Beviljade avrop ur fonden för kraftsamlande insatser",
        "funds.public.intro": (
            "Här visas alla beviljade avrop: vem som fått pengar, för vilken insats, inom vilka "
            "teman och målområden, hur mycket och genom vilket beslut. Stadskontorets interna "
            "bedömningar visas inte."
        ),
        "funds.public.frame": (
            "{name} {year}: ramen är {amount}, beviljat {granted}, kvar {remaining}."
        ),
        "funds.public.json": "Öppna data (JSON, 360Giving)",
        "funds.public.csv": "Öppna data (CSV, 360Giving)",
        "funds.public.decisions": "Beslutsregistret",
        "funds.public.caption": "{n} beviljade avrop, senaste beslut först",
        "funds.public.initiative": "Insats",
        "funds.public.none": "Inga avrop är beviljade ännu.",
        "funds.error.amount": (
            "{field}: skriv ett belopp i kronor över noll och högst 1 000 000 000 kr, med högst "
            "två decimaler, till exempel 300 000 eller 1 234,50. Du skrev ”{value}”."
        ),
        "funds.error.call_off_missing": "Avropet finns inte.",
        "funds.error.organisation_missing": "Organisationen {code} finns inte.",
        "funds.error.ladder": (
            "Delegationsordningen är felaktig: gränserna ska vara positiva och olika, och den "
            "sista ska sakna övre gräns."
        ),
        "funds.error.wrong_body": (
            "Ett beslut om {amount} ska fattas av det organ som delegationsordningen anger för "
            "beloppet. Välj det förvalda."
        ),
        "funds.error.incomplete": "Avropet är inte komplett: {n} krav är inte uppfyllda.",
        "funds.error.frame_exceeded": (
            "Budgetramen skulle överskridas: att bevilja {amount} går inte när {remaining} "
            "återstår av ramen {year}. Inget ändrades."
        ),
        "funds.error.payment_exceeded": (
            "Utbetalningen på {amount} är mer än det som är beviljat och inte utbetalt: {left}. "
            "Inget ändrades."
        ),
        "funds.error.refund_exceeded": (
            "Återbetalningen på {amount} är mer än det som betalats ut och inte återbetalats: "
            "{left}."
        ),
        "funds.error.frame_below_committed": (
            "Ramen {year} kan inte sättas till {amount}: beviljade avrop binder redan {committed}."
        ),
        "funds.error.partial": (
            "Vid delvis tillstyrkan behövs ett belopp över noll och under det sökta beloppet "
            "{requested}."
        ),
        "funds.error.frame_missing": "Budgetramen finns inte.",
        "funds.error.fund_missing": "Fonden finns inte.",
        "funds.error.no_frame": "Fonden har ingen budgetram för {year}.",
        "funds.error.year": "Ramens år ska vara mellan 2000 och 2100; det var {year}.",
        "funds.error.setup_role": (
            "Bara en samordnare eller administratör lägger upp fonder och ramar."
        ),
        "funds.error.stale": (
            "Avropet har ändrats sedan formuläret visades (kanske skickades det två gånger). "
            "Inget ändrades. Sidan visar nu det aktuella läget; försök igen om det behövs."
        ),
        "funds.error.text": "Texten ska ha minst {min} och högst 20 000 tecken.",
        "funds.error.recommendation": "Välj tillstyrks i sin helhet, delvis eller inte.",
        "funds.error.empty_list": (
            "Listan har inget avrop att besluta om. Välj bevilja eller avslå för minst ett."
        ),
        "funds.error.grant_amount": (
            "Det beviljade beloppet ska vara över noll och högst det sökta beloppet."
        ),
        "funds.error.order": (
            "Det går inte i avropets nuvarande läge. Sidan visar vad som går att göra nu."
        ),
        "funds.error.role.applicant": (
            "Bara en handläggare i den sökande organisationen (eller en administratör) får göra "
            "det."
        ),
        "funds.error.role.city_office": (
            "Bara en samordnare eller administratör får göra det, och aldrig för ett avrop från "
            "den egna organisationen."
        ),
        "funds.error.attachment_missing": "Bilagan finns inte.",
        "funds.error.memo_not_assessed": (
            "Tjänsteskrivelsen skrivs när avropet är bedömt; det här avropet är inte bedömt ännu."
        ),
        "funds.check.title": "ge insatsen ett namn",
        "funds.check.description": "beskriv insatsen med minst 20 tecken",
        "funds.check.contact": "ange en kontaktperson med e-postadress",
        "funds.check.process": "välj lokal utveckling eller universell prevention",
        "funds.check.themes": "välj minst ett tema",
        "funds.check.other_theme": "beskriv det andra temat",
        "funds.check.areas": "välj minst ett område",
        "funds.check.unknown_areas": "okända områden: {codes}",
        "funds.check.area_reason": "{codes} är inte målområden: ange skälet med minst 20 tecken",
        "funds.check.age_bands": "välj målgruppens åldrar",
        "funds.check.reach": "uppskatta hur många barn och unga som nås",
        "funds.check.amount": "ange beloppet",
        "funds.check.amount_left": "bara {remaining} återstår av ramen {year}",
        "funds.check.period": "ange perioden",
        "funds.check.period_order": "perioden ska sluta efter att den börjar, och tidigast {year}",
        "funds.check.effects": "koppla den förväntade effekten till minst en indikator",
        "funds.check.unknown_indicators": "okända indikatorer: {codes}",
        "funds.check.partners": "ange minst en samarbetspartner (förening, företag, bolag)",
        "files.error.empty": "Filen ”{name}” är tom, eller ingen fil valdes.",
        "files.error.size": "Filen ”{name}” är för stor: högst {mb} MB.",
        "files.error.kind": (
            "Filen ”{name}” är inte en PDF-, Word- eller Excel-fil enligt sitt innehåll (namnet "
            "räcker inte)."
        ),
    },
    "en": {
        "funds.nav": "The fund",
        "funds.nav_inbox": "Inbox",
        "funds.nav_public": "Granted call-offs",
        "funds.title": "The fund for concentrated efforts",
        "funds.intro": (
            "The executive board's contingency fund for concentrated efforts is called off as "
            "needed by committees and companies for initiatives in local development and "
            "universal prevention, with children and young people as the main target group. "
            "This page shows each year's frame with its live figures, the delegation rules, the "
            "administrative burden and how the money is distributed by need."
        ),
        "funds.new": "New call-off",
        "funds.public_link": "Public page of granted call-offs",
        "funds.no_fund": "No fund has been set up yet.",
        "funds.frame_heading": "Budget frame {year}",
        "funds.frame_decision": "Decision on the frame",
        "funds.invented": "the paragraph number is invented in the demo data",
        "funds.figures_caption": "The {year} frame in kronor, live figures",
        "funds.col.figure": "Figure",
        "funds.col.amount": "Kronor",
        "funds.fig.frame": "Frame",
        "funds.fig.requested": "Requested (not yet decided)",
        "funds.fig.recommended": "Recommended (not yet decided)",
        "funds.fig.granted": "Granted",
        "funds.fig.paid": "Paid",
        "funds.fig.returned": "Returned to the frame",
        "funds.fig.remaining": "Left to grant",
        "funds.burden.heading": "Administrative burden",
        "funds.burden.intro": (
            "How much work the fund costs the people who use it: median times and how much is "
            "filled in."
        ),
        "funds.burden.submitted": "Submitted call-offs",
        "funds.burden.to_decision": "Median days from submission to decision",
        "funds.burden.to_payment": "Median days from decision to first payment",
        "funds.burden.returned": "Share returned for completion",
        "funds.burden.fields": "Fields filled in per call-off (median)",
        "funds.rules.heading": "Delegation rules",
        "funds.rules.caption": "Who decides a call-off, by amount",
        "funds.rules.body": "Decides",
        "funds.rules.limit": "Up to and including",
        "funds.rules.delegated": "Decision by delegation",
        "funds.rules.no_limit": "no upper limit",
        "funds.rules.light": (
            "Call-offs of at most {limit} take the light path: expected effects and partners "
            "need not be given."
        ),
        "funds.yes": "yes",
        "funds.no": "no",
        "funds.dist.heading": "Distribution by need",
        "funds.dist.formula": (
            "A target area's need is its residents aged 0-19 (latest year) times the area's "
            "percentile in the vulnerability index of the reference run, where the most "
            "vulnerable of n ranked areas has percentile 1 and the least 1/n (percentile = 1 - "
            "(rank - 1) / n). The need share is the area's need divided by the need of all "
            "target areas. A call-off's granted money (less what was returned) is split equally "
            "over its target areas."
        ),
        "funds.dist.caption": "Money granted and need per target area",
        "funds.dist.area": "Target area",
        "funds.dist.granted": "Granted",
        "funds.dist.young": "Residents aged 0-19",
        "funds.dist.per_young": "Kronor per young resident",
        "funds.dist.percentile": "Index percentile",
        "funds.dist.need_share": "Share of need",
        "funds.dist.money_share": "Share of money",
        "funds.dist.none": "No target areas are decided yet, so the distribution cannot be shown.",
        "funds.list.title": "Call-offs",
        "funds.list.intro": "Every submitted call-off and your own organisation's drafts.",
        "funds.list.intro_officer": "Your organisation's call-offs, drafts included.",
        "funds.list.all": "All",
        "funds.list.filter": "Show",
        "funds.list.caption": "{n} call-offs, newest first",
        "funds.list.none": "No call-offs to show.",
        "funds.col.case": "Case number",
        "funds.col.title": "Initiative",
        "funds.col.organisation": "Organisation",
        "funds.col.status": "Status",
        "funds.col.requested": "Requested",
        "funds.col.recommended": "Recommended",
        "funds.col.granted": "Granted",
        "funds.col.paid": "Paid",
        "funds.col.unpaid": "Granted but not paid",
        "funds.col.refunded": "Paid back",
        "funds.col.released": "Returned on closing",
        "funds.col.frame": "Frame",
        "funds.col.body": "Decided by",
        "funds.col.decision": "Decision",
        "funds.col.date": "Date",
        "funds.col.kind": "Kind",
        "funds.col.reference": "Voucher",
        "funds.col.path": "Path",
        "funds.col.remaining_after": "Left of the frame after this row",
        "funds.untitled": "(untitled)",
        "funds.no_case": "given a case number when submitted",
        "funds.status.draft": "draft",
        "funds.status.submitted": "submitted",
        "funds.status.returned": "returned for completion",
        "funds.status.assessed": "assessed",
        "funds.status.granted": "granted",
        "funds.status.rejected": "rejected",
        "funds.status.paid": "paid",
        "funds.status.reporting": "reporting",
        "funds.status.closed": "closed",
        "funds.status.withdrawn": "withdrawn",
        "funds.process.local_development": "Local development",
        "funds.process.universal_prevention": "Universal prevention",
        "funds.theme.mobility": "Youth mobility within the city",
        "funds.theme.leisure": "Equal and meaningful leisure",
        "funds.theme.parents": "Support for parents",
        "funds.theme.other": "Other",
        "funds.age": "{band} years",
        "funds.direction.increase": "to increase",
        "funds.direction.decrease": "to decrease",
        "funds.partner.association": "association",
        "funds.partner.business": "business",
        "funds.partner.company": "municipal company",
        "funds.partner.other": "other",
        "funds.payment.payment": "payment",
        "funds.payment.refund": "refund",
        "funds.recommendation.full": "recommended in full",
        "funds.recommendation.partial": "recommended in part",
        "funds.recommendation.none": "not recommended",
        "funds.path_is.light": "light (small amount)",
        "funds.path_is.full": "full",
        "funds.edit_title": 'Change the call-off "{title}"',
        "funds.edit": "Change the call-off",
        "funds.form.intro": (
            "The form asks only what the assessment needs. A draft may be saved incomplete; "
            "what is missing is shown on the call-off's page before it is submitted."
        ),
        "funds.form.summary": "The form was not saved. Errors to correct: {n}",
        "funds.form.about": "The initiative",
        "funds.form.where": "Where and for whom",
        "funds.form.money": "Money and time",
        "funds.form.full_path": "Needed only for amounts above {limit}",
        "funds.form.choose": "Choose",
        "funds.form.none": "None",
        "funds.form.indicator": "Indicator {n}",
        "funds.form.direction_label": "Expected direction of indicator {n}",
        "funds.form.partner_name": "Partner {n}",
        "funds.form.partner_kind": "Kind of partner {n}",
        "funds.form.draft_note": "The call-off is saved as a draft. You submit it from its page.",
        "funds.form.save": "Save draft",
        "funds.form.choice": "has a value that is not among the choices.",
        "funds.form.too_long": "may have at most {max} characters.",
        "funds.form.date": 'Write the date as YYYY-MM-DD; you wrote "{value}".',
        "funds.form.reach": (
            'Write the number as a whole number from 1 to 1,000,000; you wrote "{value}".'
        ),
        "funds.form.frame": 'Choose a budget frame from the list; "{value}" is not one.',
        "funds.form.version": (
            'The form lacks the call-off\'s version ("{value}"). Reload the page and try again.'
        ),
        "funds.form.direction": "Choose whether each chosen indicator is to increase or decrease.",
        "funds.form.partner": (
            "Each partner needs a name of at most {max} characters and a kind from the list."
        ),
        "funds.form.no_frame": "There is no budget frame to apply to.",
        "funds.form.no_edit": "You cannot change the call-off in its current state.",
        "funds.form.outcome": "Choose whether the call-off is granted or rejected.",
        "funds.form.body": "Choose who decides.",
        "funds.form.list": "The list arrived incomplete. Reload the page and try again.",
        "funds.field.frame": "Budget frame",
        "funds.field.title": "Name of the initiative",
        "funds.field.description": "Description",
        "funds.field.process": "Process",
        "funds.field.themes": "Themes",
        "funds.field.other_theme": "Other theme (describe)",
        "funds.field.areas": "Target areas",
        "funds.field.other_areas": "Other areas (area codes, comma-separated)",
        "funds.field.area_reason": "Reason for areas that are not target areas",
        "funds.field.age_bands": "Target group (ages)",
        "funds.field.reach": "About how many children and young people are reached",
        "funds.field.amount": "Amount requested (kronor)",
        "funds.field.co_financing": "Co-financing (kronor)",
        "funds.field.period": "Period",
        "funds.field.period_start": "First day of the period",
        "funds.field.period_end": "Last day of the period",
        "funds.field.path": "Size of the amount",
        "funds.field.effects": "Expected effects",
        "funds.field.partners": "Partners",
        "funds.field.contact": "Contact person",
        "funds.field.contact_name": "Contact person's name",
        "funds.field.contact_email": "Contact person's e-mail address",
        "funds.field.partial_amount": "Amount recommended in part (kronor)",
        "funds.field.grant": "Amount granted (kronor)",
        "funds.field.money": "Amount (kronor)",
        "funds.field.paid_on": "Date",
        "funds.field.reference": "Voucher number (optional)",
        "funds.help.description": "What is done, with whom and why? At least 20 characters.",
        "funds.help.areas": "Choose among the current target areas. Another area needs a reason.",
        "funds.help.other_areas": (
            "For example 1280-05-05. Leave empty if the initiative concerns target areas only."
        ),
        "funds.help.amount": "Write the amount in kronor, for example 300 000 or 1 234,50.",
        "funds.help.partners": (
            "Associations, businesses or municipal companies taking part from the start."
        ),
        "funds.help.reporting": "The money is paid out: the initiative moves on to reporting.",
        "funds.help.close": (
            "Closes the call-off. The part of the grant not paid out flows back to the frame."
        ),
        "funds.help.withdraw": "Withdraws the call-off. It cannot be submitted again.",
        "funds.path.light": "At most {limit} (light path: fewer questions)",
        "funds.path.full": "More than {limit}",
        "funds.check.heading": "Check before submitting",
        "funds.check.ready": "Everything required is filled in. The call-off can be submitted.",
        "funds.check.missing": "{n} requirements are not met yet.",
        "funds.check.met": "Met",
        "funds.check.unmet": "Missing",
        "funds.content_heading": "What the call-off is about",
        "funds.returned_heading": "The city office returned the call-off for completion",
        "funds.assessment_heading": "The city office's assessment",
        "funds.memo_docx": "Official memo (Word)",
        "funds.memo_pdf": "Official memo (PDF)",
        "funds.payments_heading": "Payments",
        "funds.payments_caption": "Payments and refunds",
        "funds.files.heading": "Attachments",
        "funds.files.none": "No attachments.",
        "funds.files.choose": "Choose a file (PDF, Word or Excel)",
        "funds.files.help": "The file is checked by its content, not its name. At most 10 MB.",
        "funds.files.upload": "Upload the attachment",
        "funds.actions_heading": "Next steps",
        "funds.submit_help": (
            "When the call-off is submitted it gets a case number and the city office assesses it."
        ),
        "funds.return_message": "What needs completing?",
        "funds.assess.recommendation": "The city office's recommendation",
        "funds.assess.partial_help": (
            "Only when recommending in part: an amount below the requested {amount}."
        ),
        "funds.assess.text": "Assessment against the criteria",
        "funds.assess.text_help": (
            "At least 20 characters. The assessment is internal and never shown publicly."
        ),
        "funds.decide.outcome": "Decision",
        "funds.decide.grant": "Grant",
        "funds.decide.reject": "Reject",
        "funds.decide.body": "Decided by",
        "funds.decide.body_help": (
            "Preselected is the body the delegation rules require for the amount."
        ),
        "funds.decide.date": "Date of the decision (meeting day)",
        "funds.decide.paragraph": "Paragraph (§)",
        "funds.decide.paragraph_help": (
            "For example § 141. Leave empty for a decision by delegation without a paragraph."
        ),
        "funds.decide.text": "Decision text (optional)",
        "funds.pay_help": "Left to pay out: {amount}.",
        "funds.action.submit": "Submit the call-off",
        "funds.action.resubmit": "Submit the completion",
        "funds.action.return": "Return for completion",
        "funds.action.assess": "Save the assessment",
        "funds.action.decide": "Record the decision",
        "funds.action.pay": "Register a payment",
        "funds.action.refund": "Register a refund",
        "funds.action.reporting": "Move on to reporting",
        "funds.action.close": "Close the call-off",
        "funds.action.withdraw": "Withdraw the call-off",
        "funds.done.create": "The draft is saved.",
        "funds.done.edit": "The changes are saved.",
        "funds.done.submit": "The call-off is submitted.",
        "funds.done.resubmit": "The completion is submitted.",
        "funds.done.return": "The call-off is returned for completion.",
        "funds.done.assess": "The assessment is saved.",
        "funds.done.decide": "The decision is recorded.",
        "funds.done.pay": "The payment is registered.",
        "funds.done.refund": "The refund is registered.",
        "funds.done.reporting": "The call-off is now reporting.",
        "funds.done.close": "The call-off is closed.",
        "funds.done.withdraw": "The call-off is withdrawn.",
        "funds.done.attach": "The attachment is saved.",
        "funds.done.decided": "The list's decisions are recorded.",
        "funds.done.read": "All messages are marked as read.",
        "funds.refused.submit": "The call-off was not submitted",
        "funds.refused.resubmit": "The completion was not submitted",
        "funds.refused.return": "The call-off was not returned",
        "funds.refused.assess": "The assessment was not saved",
        "funds.refused.decide": "The decision was not recorded",
        "funds.refused.pay": "The payment was not registered",
        "funds.refused.refund": "The refund was not registered",
        "funds.refused.reporting": "The call-off did not move on to reporting",
        "funds.refused.close": "The call-off was not closed",
        "funds.refused.withdraw": "The call-off was not withdrawn",
        "funds.refused.attach": "The attachment was not saved",
        "funds.refused.meeting": "The decisions were not recorded; nothing changed",
        "funds.refused.to_form": "To the form",
        "funds.confirm.about": "Call-off: {title} ({case}).",
        "funds.confirm.cancel": "No, back to the call-off",
        "funds.confirm.withdraw.title": "Withdraw the call-off?",
        "funds.confirm.withdraw.text": (
            "A withdrawn call-off cannot be submitted again. Do you want to withdraw it?"
        ),
        "funds.confirm.withdraw.button": "Yes, withdraw the call-off",
        "funds.confirm.close.title": "Close the call-off?",
        "funds.confirm.close.text": (
            "A closed call-off cannot be reopened; what is not paid out flows back to the "
            "frame. Do you want to close it?"
        ),
        "funds.confirm.close.button": "Yes, close the call-off",
        "funds.confirm.reject.title": "Reject the call-off?",
        "funds.confirm.reject.text": (
            "A rejection cannot be changed here. Do you want to record the rejection?"
        ),
        "funds.confirm.reject.button": "Yes, record the rejection",
        "funds.back_to_list": "All call-offs",
        "funds.meeting.title": "Decision list for a meeting",
        "funds.meeting.intro": (
            "Assessed call-offs awaiting the chosen body's decision, in the order they were "
            "submitted, with what is left of the frame after each row if the rows above it are "
            "granted as recommended. The list can be downloaded for the agenda, and the "
            "decisions entered for the whole list at once."
        ),
        "funds.meeting.body": "Deciding body",
        "funds.meeting.date": "Meeting day",
        "funds.meeting.show": "Show",
        "funds.meeting.list_heading": "{body} {date}",
        "funds.meeting.frame": "The {year} frame: {amount}; left before the meeting: {remaining}.",
        "funds.meeting.docx": "The decision list (Word)",
        "funds.meeting.xlsx": "The decision list (Excel)",
        "funds.meeting.caption": "{n} call-offs to decide",
        "funds.meeting.outcome": "Decision",
        "funds.meeting.outcome.grant": "grant",
        "funds.meeting.outcome.reject": "reject",
        "funds.meeting.outcome.skip": "not now",
        "funds.meeting.outcome_for": "Decision on {title}",
        "funds.meeting.amount_for": "Amount granted for {title}",
        "funds.meeting.paragraph_help": (
            "The whole list is decided under one paragraph, for example § 141."
        ),
        "funds.meeting.decide": "Record the decisions for the list",
        "funds.meeting.none": "No assessed call-offs await this body's decision.",
        "funds.delegated.title": "Report of delegated decisions",
        "funds.delegated.intro": (
            "Decisions on call-offs taken by delegation in the period, to be reported to the "
            "executive board."
        ),
        "funds.delegated.from": "From",
        "funds.delegated.to": "To (inclusive)",
        "funds.delegated.docx": "The report (Word)",
        "funds.delegated.xlsx": "The report (Excel)",
        "funds.delegated.caption": "Delegated decisions {start}-{end}, to be reported to {body}",
        "funds.delegated.none": "No decisions by delegation in the period.",
        "funds.inbox.title": "Inbox",
        "funds.inbox.unread": "{n} unread messages.",
        "funds.inbox.mark_read": "Mark all as read",
        "funds.inbox.new": "New:",
        "funds.inbox.none": "No messages.",
        "funds.public.title": "Granted call-offs of the fund for concentrated efforts",
        "funds.public.intro": (
            "Every granted call-off: who received money, for which initiative, on which themes "
            "and in which target areas, how much and by which decision. The city office's "
            "internal assessments are not shown."
        ),
        "funds.public.frame": (
            "{name} {year}: the frame is {amount}, granted {granted}, left {remaining}."
        ),
        "funds.public.json": "Open data (JSON, 360Giving)",
        "funds.public.csv": "Open data (CSV, 360Giving)",
        "funds.public.decisions": "The decision register",
        "funds.public.caption": "{n} granted call-offs, latest decision first",
        "funds.public.initiative": "Initiative",
        "funds.public.none": "No call-offs have been granted yet.",
        "funds.error.amount": (
            "{field}: write an amount in kronor above zero and at most 1,000,000,000 kr, with "
            'at most two decimals, for example 300 000 or 1 234,50. You wrote "{value}".'
        ),
        "funds.error.call_off_missing": "The call-off does not exist.",
        "funds.error.organisation_missing": "The organisation {code} does not exist.",
        "funds.error.ladder": (
            "The delegation rules are wrong: limits must be positive and different, and the "
            "last must have no upper limit."
        ),
        "funds.error.wrong_body": (
            "A decision on {amount} must be taken by the body the delegation rules name for the "
            "amount. Choose the preselected one."
        ),
        "funds.error.incomplete": "The call-off is not complete: {n} requirements are not met.",
        "funds.error.frame_exceeded": (
            "The budget frame would be exceeded: {amount} cannot be granted when {remaining} "
            "remains of the {year} frame. Nothing was changed."
        ),
        "funds.error.payment_exceeded": (
            "The payment of {amount} is more than what is granted and unpaid: {left}. Nothing "
            "was changed."
        ),
        "funds.error.refund_exceeded": (
            "The refund of {amount} is more than what was paid out and not yet paid back: {left}."
        ),
        "funds.error.frame_below_committed": (
            "The {year} frame cannot be set to {amount}: grants already commit {committed}."
        ),
        "funds.error.partial": (
            "A recommendation in part needs an amount above zero and below the requested "
            "{requested}."
        ),
        "funds.error.frame_missing": "The budget frame does not exist.",
        "funds.error.fund_missing": "The fund does not exist.",
        "funds.error.no_frame": "The fund has no budget frame for {year}.",
        "funds.error.year": "A frame's year is from 2000 to 2100; it was {year}.",
        "funds.error.setup_role": "Only a coordinator or an admin sets up funds and frames.",
        "funds.error.stale": (
            "The call-off changed since the form was shown (perhaps it was sent twice). Nothing "
            "was changed. The page now shows its current state; try again if needed."
        ),
        "funds.error.text": "The text must have at least {min} and at most 20,000 characters.",
        "funds.error.recommendation": "Choose recommended in full, in part or not.",
        "funds.error.empty_list": (
            "The list has no call-off to decide. Choose grant or reject for at least one."
        ),
        "funds.error.grant_amount": (
            "The amount granted must be above zero and at most the amount requested."
        ),
        "funds.error.order": (
            "That is not possible in the call-off's current state. The page shows what can be "
            "done now."
        ),
        "funds.error.role.applicant": (
            "Only an officer of the applying organisation (or an admin) may do that."
        ),
        "funds.error.role.city_office": (
            "Only a coordinator or an admin may do that, and never for a call-off of their own "
            "organisation."
        ),
        "funds.error.attachment_missing": "The attachment does not exist.",
        "funds.error.memo_not_assessed": (
            "The official memo is written once the call-off is assessed; this call-off is not "
            "assessed yet."
        ),
        "funds.check.title": "give the initiative a name",
        "funds.check.description": "describe the initiative in at least 20 characters",
        "funds.check.contact": "name a contact person with an e-mail address",
        "funds.check.process": "choose local development or universal prevention",
        "funds.check.themes": "choose at least one theme",
        "funds.check.other_theme": "describe the other theme",
        "funds.check.areas": "choose at least one area",
        "funds.check.unknown_areas": "unknown areas: {codes}",
        "funds.check.area_reason": (
            "{codes} are not target areas: state the reason in at least 20 characters"
        ),
        "funds.check.age_bands": "choose the target group's ages",
        "funds.check.reach": "estimate how many children and young people are reached",
        "funds.check.amount": "state the amount",
        "funds.check.amount_left": "only {remaining} remains of the {year} frame",
        "funds.check.period": "state the period",
        "funds.check.period_order": (
            "the period must end after it starts, and no earlier than {year}"
        ),
        "funds.check.effects": "link the expected effect to at least one indicator",
        "funds.check.unknown_indicators": "unknown indicators: {codes}",
        "funds.check.partners": "name at least one partner (association, business, company)",
        "files.error.empty": 'The file "{name}" is empty, or no file was chosen.',
        "files.error.size": 'The file "{name}" is too large: at most {mb} MB.',
        "files.error.kind": (
            'The file "{name}" is not a PDF, Word or Excel file by its content (its name is not '
            "enough)."
        ),
    },
}
