"""User-interface text of the targeting pages, Swedish and English (merged by ``web.i18n``)."""

from __future__ import annotations

from typing import Final

MESSAGES: Final[dict[str, dict[str, str]]] = {
    "sv": {
        "targeting.title": "Målområden och urvalsomgångar",
        "targeting.intro": (
            "Målområdena väljs ut från en indexkörning i samråd med de berörda nämnderna. "
            "En urvalsomgång föreslår de mest utsatta delområdena, nämnderna lämnar synpunkter "
            "före sista dag och omgången beslutas med en skriftlig motivering. Varje beslut "
            "blir en ny version av målområdena."
        ),
        "targeting.new": "Ny urvalsomgång",
        "targeting.public_link": "Offentlig sida med målområden",
        "targeting.current_heading": "Gällande målområden",
        "targeting.current_text": "Version {version}, beslutad {date}:",
        "targeting.no_current": "Inga målområden är beslutade ännu.",
        "targeting.rounds_heading": "Urvalsomgångar",
        "targeting.rounds_caption": "Alla urvalsomgångar, nyaste först",
        "targeting.no_rounds": "Inga urvalsomgångar ännu.",
        "targeting.col_id": "Nr",
        "targeting.col_title": "Rubrik",
        "targeting.col_run": "Indexkörning",
        "targeting.col_k": "Antal föreslagna områden (k)",
        "targeting.col_status": "Status",
        "targeting.col_version": "Version",
        "targeting.col_deadline": "Sista dag för synpunkter",
        "targeting.col_proposed": "Föreslagen",
        "targeting.col_area": "Område",
        "targeting.col_code": "Områdeskod",
        "targeting.col_rank": "Rang",
        "targeting.col_score": "Poäng",
        "targeting.col_class": "Klass",
        "targeting.col_interval": "Rangintervall (5–95 %)",
        "targeting.col_p_top_k": "Sannolikhet bland de {k} mest utsatta",
        "targeting.col_selected": "Vald",
        "targeting.col_p_top_k_unknown": (
            "Sannolikhet bland de mest utsatta (indexkörningen anger inget antal)"
        ),
        "targeting.unranked": "Ej rangordnat",
        "targeting.not_selectable": "Kan inte väljas",
        "targeting.unranked_note": (
            "{n} områden saknar rang i indexkörningen, till exempel för att de har för få "
            "invånare. De kan inte väljas som målområden."
        ),
        "targeting.error.city_office": (
            "Bara en samordnare eller en administratör kan föreslå, ändra eller besluta en "
            "urvalsomgång."
        ),
        "targeting.error.run_id": (
            "Välj en indexkörning i listan; ”{value}” är inte numret på en indexkörning."
        ),
        "targeting.error.run_missing": "Det finns ingen indexkörning nr {run_id}.",
        "targeting.error.run_not_done": (
            "Indexkörning nr {run_id} är inte färdig. En urvalsomgång görs från en färdig "
            "indexkörning."
        ),
        "targeting.error.k_format": (
            "Antal områden att föreslå (k) ska vara ett heltal från 1 och uppåt, skrivet med "
            "siffrorna 0–9; du skrev ”{value}”."
        ),
        "targeting.error.no_ranked": (
            "Indexkörning {run_id} rangordnar inget område, så inga målområden kan föreslås från "
            "den. Välj en annan körning."
        ),
        "targeting.error.k": (
            "Antal områden att föreslå (k) ska vara mellan 1 och {n}, antalet rangordnade "
            "områden i indexkörningen; du skrev {k}."
        ),
        "targeting.error.title": (
            "Skriv en rubrik på högst {max} tecken; den du skrev hade {n} tecken."
        ),
        "targeting.error.round_missing": "Det finns ingen urvalsomgång nr {round_id}.",
        "targeting.error.closed.finalised": (
            "Urvalsomgång {round_id} är redan beslutad. En beslutad omgång ändras aldrig; "
            "gör en ny urvalsomgång för att ändra målområdena."
        ),
        "targeting.error.closed.superseded": (
            "Urvalsomgång {round_id} är beslutad och ersatt av en senare version; den kan "
            "inte längre ändras."
        ),
        "targeting.error.closed.cancelled": (
            "Urvalsomgång {round_id} är redan avbruten och kan inte ändras eller beslutas."
        ),
        "targeting.error.unknown_areas": (
            "Områdena {codes} finns inte i urvalsomgångens indexkörning."
        ),
        "targeting.error.unranked": (
            "{names} saknar rang i indexkörningen (till exempel för att området har för få "
            "invånare) och kan inte väljas som målområde. Ta bort markeringen och spara igen."
        ),
        "targeting.error.none_selected": ("Välj minst ett område innan omgången beslutas."),
        "targeting.error.deadline_format": (
            "Skriv sista dag för synpunkter som ett datum ÅÅÅÅ-MM-DD, till exempel 2026-03-15; "
            "du skrev ”{value}”."
        ),
        "targeting.error.deadline_past": (
            "Sista dag för synpunkter måste vara efter i dag ({today}); du angav {deadline}."
        ),
        "targeting.error.deadline_far": (
            "Sista dag för synpunkter får vara högst ett år fram, senast {latest}; du angav "
            "{deadline}."
        ),
        "targeting.error.no_organisations": "Bjud in minst en nämnd eller ett bolag.",
        "targeting.error.organisation_missing": "Det finns ingen organisation med koden {code}.",
        "targeting.error.not_invitable": (
            "Bara nämnder och kommunala bolag kan bjudas in till samråd; {code} är varken eller."
        ),
        "targeting.error.not_in_consultation": (
            "Urvalsomgång {round_id} har inget pågående samråd. Synpunkter tas bara emot "
            "under samrådet."
        ),
        "targeting.error.comment_deadline": (
            "Sista dag för synpunkter på urvalsomgång {round_id} var {deadline}. Synpunkter "
            "tas inte emot efter den (i dag är det {today})."
        ),
        "targeting.error.not_own_organisation": (
            "Du kan bara lämna synpunkter för din egen organisation, inte för {code}."
        ),
        "targeting.error.viewer_comment": (
            "Med rollen läsare kan du läsa men inte lämna synpunkter."
        ),
        "targeting.error.not_invited": (
            "{code} är inte inbjuden att lämna synpunkter på den här urvalsomgången."
        ),
        "targeting.error.stance": (
            "Välj ett ställningstagande: tillstyrker, avstyrker eller neutral."
        ),
        "targeting.error.comment_area": "Området {code} finns inte i urvalsomgång {round_id}.",
        "targeting.error.text_short": "Skriv synpunkterna; fältet är tomt.",
        "targeting.error.text_long": (
            "Synpunkterna får vara högst {max} tecken; de du skrev hade {n} tecken."
        ),
        "targeting.error.rationale_short": (
            "Skriv en motivering på minst {min} tecken: varför de här områdena valdes och hur "
            "synpunkterna vägdes in. Den du skrev hade {n} tecken."
        ),
        "targeting.error.rationale_long": (
            "Motiveringen får vara högst {max} tecken; den du skrev hade {n} tecken."
        ),
        "targeting.error.cancel_reason_short": (
            "Skriv varför omgången avbryts, minst {min} tecken. Det du skrev hade {n} tecken."
        ),
        "targeting.error.cancel_reason_long": (
            "Skälet får vara högst {max} tecken; det du skrev hade {n} tecken."
        ),
        "targeting.confirm_cancel.title": "Avbryta omgången?",
        "targeting.confirm_cancel.about": "Urvalsomgång: {title} (status: {status}).",
        "targeting.confirm_cancel.text": (
            "En avbruten omgång kan aldrig mer ändras, remitteras eller beslutas, och det går "
            "inte att ångra. Förslaget och nämndernas synpunkter sparas. De gällande "
            "målområdena ändras inte."
        ),
        "targeting.confirm_cancel.reason": "Skäl (förs in i granskningsloggen)",
        "targeting.confirm_cancel.reason_help": "Skriv kort varför, {min}–{max} tecken.",
        "targeting.confirm_cancel.back": "Tillbaka till omgången utan att avbryta",
        "targeting.error.four_eyes": (
            "Den som föreslog urvalsomgången kan inte också besluta den. En annan samordnare "
            "eller en administratör måste fatta beslutet."
        ),
        "targeting.error.finalise_draft": (
            "Urvalsomgång {round_id} är ett utkast. Bjud in nämnderna till samråd innan den "
            "beslutas."
        ),
        "targeting.error.finalise_open": (
            "Samrådet om urvalsomgång {round_id} pågår till och med {deadline} och {n} "
            "inbjudna har inte lämnat synpunkter ännu. Besluta efter sista dagen eller när alla "
            "har svarat."
        ),
        "targeting.col_proposal": "Indexets förslag",
        "targeting.status.draft": "utkast",
        "targeting.status.consultation": "samråd pågår",
        "targeting.status.finalised": "beslutad (gällande)",
        "targeting.status.superseded": "beslutad, ersatt av en senare version",
        "targeting.status.cancelled": "avbruten",
        "targeting.targets_caption": "Målområden, version {version} ({n} områden)",
        "targeting.new_intro": (
            "Välj en färdig indexkörning. De k mest utsatta områdena föreslås och markeras som "
            "valda; du kan ändra urvalet innan omgången beslutas."
        ),
        "targeting.create_failed": (
            "Urvalsomgången kunde inte skapas. Rätta uppgiften och försök igen."
        ),
        "targeting.run": "Indexkörning",
        "targeting.run_option": "nr {id}, {year}",
        "targeting.run_link": "Indexkörning nr {id}",
        "targeting.k": "Antal områden att föreslå (k)",
        "targeting.k_help": "De k områden med bäst rang (mest utsatta) föreslås.",
        "targeting.round_title": "Rubrik",
        "targeting.create": "Skapa förslaget",
        "targeting.no_runs": "Det finns ingen färdig indexkörning att välja områden från.",
        "targeting.start_run": "Starta en indexkörning",
        "targeting.proposed_by": "Föreslagen av",
        "targeting.finalised_by": "Beslutad av",
        "targeting.superseded_note": "Den här versionen ersattes av en senare version {date}.",
        "targeting.cancelled_note": "Omgången avbröts {date} utan beslut.",
        "targeting.decision_heading": "Beslut, version {version}",
        "targeting.decision_ref": "Beslutet bygger på",
        "targeting.rationale": "Motivering",
        "targeting.areas_heading": "Områden",
        "targeting.areas_intro": (
            "Indexet föreslog de {k} mest utsatta områdena. {n} områden är valda just nu."
        ),
        "targeting.areas_caption": "Områdena i indexkörningen efter rang ({n} områden, k = {k})",
        "targeting.select_area": "Välj {name}",
        "targeting.yes": "Ja",
        "targeting.no": "Nej",
        "targeting.proposed": "Föreslaget",
        "targeting.interval_text": "Rang {low} till {high} i 90 % av dragningarna",
        "targeting.save_selection": "Spara urvalet",
        "targeting.consultation_heading": "Samråd med nämnder och bolag",
        "targeting.deadline_text": "Synpunkter tas emot till och med {date}.",
        "targeting.deadline_was": "Sista dag för synpunkter var {date}.",
        "targeting.has_commented": "har lämnat synpunkter",
        "targeting.not_commented": "har inte lämnat synpunkter ännu",
        "targeting.no_invitations": "Ingen är inbjuden att lämna synpunkter ännu.",
        "targeting.invite_legend": "Bjud in nämnder och bolag",
        "targeting.already_invited": "redan inbjuden",
        "targeting.deadline": "Sista dag för synpunkter",
        "targeting.deadline_help": (
            "Ett datum från {earliest} till {latest} (ÅÅÅÅ-MM-DD), alltså efter i dag och högst "
            "ett år fram. Synpunkter tas emot till och med den dagen."
        ),
        "targeting.invite": "Bjud in till samråd",
        "targeting.update_consultation": "Bjud in fler eller ändra sista dag",
        "targeting.comments_heading": "Synpunkter",
        "targeting.no_comments": "Inga synpunkter ännu.",
        "targeting.comments_closed": (
            "Sista dag för synpunkter var {date}. Nya synpunkter tas inte emot."
        ),
        "targeting.comment_for": "Synpunkter från",
        "targeting.stance_legend": "Ställningstagande",
        "targeting.stance.support": "Tillstyrker",
        "targeting.stance.object": "Avstyrker",
        "targeting.stance.neutral": "Neutral",
        "targeting.about_area": "om {name}",
        "targeting.comment_area": "Gäller synpunkten ett visst område?",
        "targeting.whole_proposal": "Hela förslaget",
        "targeting.comment_text": "Synpunkter",
        "targeting.send_comment": "Lämna synpunkterna",
        "targeting.decide_heading": "Beslut",
        "targeting.draft_first": ("Bjud in nämnderna till samråd innan omgången kan beslutas."),
        "targeting.four_eyes": (
            "Du föreslog den här omgången. En annan samordnare eller en administratör måste "
            "fatta beslutet."
        ),
        "targeting.still_open": (
            "Samrådet pågår till och med {date} och {n} inbjudna har inte lämnat synpunkter "
            "ännu. Omgången kan beslutas efter sista dagen eller när alla har svarat."
        ),
        "targeting.rationale_help": (
            "Motiveringen visas på den offentliga sidan. Skriv, med minst {min} tecken, varför "
            "just de här områdena valdes och hur nämndernas synpunkter har vägts in."
        ),
        "targeting.decision_record": "Beslutet i beslutsregistret",
        "targeting.decision_record_help": (
            "Fyll i vem som beslutade och när, så registreras beslutet och omgången länkar till "
            "det. Lämna fälten tomma om beslutet ännu inte är fattat."
        ),
        "targeting.decision_kind": "Slag av beslutande organ",
        "targeting.decision_body": "Beslutande organ (t.ex. Kommunstyrelsen)",
        "targeting.decision_date": "Sammanträdesdag (ÅÅÅÅ-MM-DD)",
        "targeting.decision_paragraph": "Paragraf (t.ex. § 51)",
        "targeting.decision_case": "Diarienummer (t.ex. STK-2024-1374)",
        "targeting.error.decision_partial": (
            "Ange både beslutande organ och sammanträdesdag för beslutet, eller lämna "
            "beslutsfälten tomma."
        ),
        "targeting.error.decision_date": (
            "Skriv sammanträdesdagen som ÅÅÅÅ-MM-DD; du skrev ”{value}”."
        ),
        "targeting.decision_ref_optional": (
            "Beslut som urvalet bygger på (valfritt, t.ex. KS 2026-03-04 § 51)"
        ),
        "targeting.finalise": "Besluta målområdena",
        "targeting.cancel_help": "En avbruten omgång kan inte ändras eller beslutas.",
        "targeting.cancel": "Avbryt omgången",
        "targeting.refused.areas": "Urvalet kunde inte sparas.",
        "targeting.refused.consultation": "Inbjudan kunde inte skickas.",
        "targeting.refused.comment": "Synpunkterna kunde inte tas emot.",
        "targeting.refused.finalise": "Omgången kunde inte beslutas.",
        "targeting.refused.cancel": "Omgången kunde inte avbrytas.",
        "targeting.public_title": "Målområden för kraftsamlande insatser",
        "targeting.public_intro": (
            "Kraftsamlande insatser görs i ett fåtal utvalda delområden. Områdena väljs med ett "
            "öppet index för utsatthet och i samråd med de berörda nämnderna."
        ),
        "targeting.public_none": "Inga målområden är beslutade ännu.",
        "targeting.public_decided": "Version {version}, beslutad {date}: {n} målområden.",
        "targeting.map_title": "Karta över delområdena; {n} målområden är markerade",
        "targeting.map_target": "{name}: målområde",
        "targeting.map_other": "{name}: inte målområde",
        "targeting.legend": "Teckenförklaring",
        "targeting.legend_target": "Målområde (randigt)",
        "targeting.legend_other": "Övriga områden (vita)",
    },
    "en": {
        "targeting.title": "Target areas and selection rounds",
        "targeting.intro": (
            "Target areas are chosen from an index run together with the committees concerned. "
            "A selection round proposes the most vulnerable sub-areas, the committees comment "
            "before the deadline and the round is decided with a written rationale. Each "
            "decision becomes a new version of the target areas."
        ),
        "targeting.new": "New selection round",
        "targeting.public_link": "Public page of the target areas",
        "targeting.current_heading": "Current target areas",
        "targeting.current_text": "Version {version}, decided {date}:",
        "targeting.no_current": "No target areas have been decided yet.",
        "targeting.rounds_heading": "Selection rounds",
        "targeting.rounds_caption": "All selection rounds, newest first",
        "targeting.no_rounds": "No selection rounds yet.",
        "targeting.col_id": "No.",
        "targeting.col_title": "Title",
        "targeting.col_run": "Index run",
        "targeting.col_k": "Areas proposed (k)",
        "targeting.col_status": "Status",
        "targeting.col_version": "Version",
        "targeting.col_deadline": "Last day for comments",
        "targeting.col_proposed": "Proposed",
        "targeting.col_area": "Area",
        "targeting.col_code": "Area code",
        "targeting.col_rank": "Rank",
        "targeting.col_score": "Score",
        "targeting.col_class": "Class",
        "targeting.col_interval": "Rank interval (5–95%)",
        "targeting.col_p_top_k": "Probability of being among the {k} most vulnerable",
        "targeting.col_selected": "Selected",
        "targeting.col_p_top_k_unknown": (
            "Probability of being among the most vulnerable (the index run gives no number)"
        ),
        "targeting.unranked": "Not ranked",
        "targeting.not_selectable": "Cannot be selected",
        "targeting.unranked_note": (
            "{n} areas have no rank in the index run, for instance because they have too few "
            "residents. They cannot be selected as target areas."
        ),
        "targeting.error.city_office": (
            "Only a coordinator or an administrator can propose, change or decide a selection "
            "round."
        ),
        "targeting.error.run_id": (
            "Choose an index run from the list; “{value}” is not the number of an index run."
        ),
        "targeting.error.run_missing": "There is no index run no. {run_id}.",
        "targeting.error.run_not_done": (
            "Index run no. {run_id} has not finished. A selection round is made from a finished "
            "index run."
        ),
        "targeting.error.k_format": (
            "The number of areas to propose (k) must be a whole number from 1 up, written with "
            "the digits 0–9; you wrote “{value}”."
        ),
        "targeting.error.no_ranked": (
            "Index run {run_id} ranks no area, so no target areas can be proposed from it. "
            "Choose another run."
        ),
        "targeting.error.k": (
            "The number of areas to propose (k) must be between 1 and {n}, the number of ranked "
            "areas in the index run; you wrote {k}."
        ),
        "targeting.error.title": (
            "Write a title of at most {max} characters; yours had {n} characters."
        ),
        "targeting.error.round_missing": "There is no selection round no. {round_id}.",
        "targeting.error.closed.finalised": (
            "Selection round {round_id} has already been decided. A decided round never "
            "changes; make a new selection round to change the target areas."
        ),
        "targeting.error.closed.superseded": (
            "Selection round {round_id} was decided and has been superseded by a later version; "
            "it can no longer be changed."
        ),
        "targeting.error.closed.cancelled": (
            "Selection round {round_id} has already been cancelled and can no longer be changed "
            "or decided."
        ),
        "targeting.error.unknown_areas": (
            "The areas {codes} are not in the selection round's index run."
        ),
        "targeting.error.unranked": (
            "{names} has no rank in the index run (for instance because the area has too few "
            "residents) and cannot be selected as a target area. Untick it and save again."
        ),
        "targeting.error.none_selected": ("Select at least one area before the round is decided."),
        "targeting.error.deadline_format": (
            "Write the last day for comments as a date YYYY-MM-DD, for example 2026-03-15; you "
            "wrote “{value}”."
        ),
        "targeting.error.deadline_past": (
            "The last day for comments must be after today ({today}); you gave {deadline}."
        ),
        "targeting.error.deadline_far": (
            "The last day for comments may be at most a year ahead, on or before {latest}; you "
            "gave {deadline}."
        ),
        "targeting.error.no_organisations": "Invite at least one committee or company.",
        "targeting.error.organisation_missing": "There is no organisation with the code {code}.",
        "targeting.error.not_invitable": (
            "Only committees and municipal companies can be invited to the consultation; "
            "{code} is neither."
        ),
        "targeting.error.not_in_consultation": (
            "Selection round {round_id} has no consultation going on. Comments are taken only "
            "during the consultation."
        ),
        "targeting.error.comment_deadline": (
            "The last day for comments on selection round {round_id} was {deadline}. No "
            "comments are taken after it (today is {today})."
        ),
        "targeting.error.not_own_organisation": (
            "You can comment only for your own organisation, not for {code}."
        ),
        "targeting.error.viewer_comment": ("With the viewer role you can read but not comment."),
        "targeting.error.not_invited": (
            "{code} is not invited to comment on this selection round."
        ),
        "targeting.error.stance": "Choose a position: supports, objects or neutral.",
        "targeting.error.comment_area": ("The area {code} is not in selection round {round_id}."),
        "targeting.error.text_short": "Write the comment; the field is empty.",
        "targeting.error.text_long": (
            "The comment may be at most {max} characters; yours had {n} characters."
        ),
        "targeting.error.rationale_short": (
            "Write a rationale of at least {min} characters: why these areas were chosen and "
            "how the comments were weighed. Yours had {n} characters."
        ),
        "targeting.error.rationale_long": (
            "The rationale may be at most {max} characters; yours had {n} characters."
        ),
        "targeting.error.cancel_reason_short": (
            "Say why the round is cancelled, at least {min} characters. Yours had {n} characters."
        ),
        "targeting.error.cancel_reason_long": (
            "The reason may be at most {max} characters; yours had {n} characters."
        ),
        "targeting.confirm_cancel.title": "Cancel the round?",
        "targeting.confirm_cancel.about": "Selection round: {title} (status: {status}).",
        "targeting.confirm_cancel.text": (
            "A cancelled round can never again be changed, sent for consultation or decided, "
            "and this cannot be undone. The proposal and the committees' comments are kept. The "
            "current target areas do not change."
        ),
        "targeting.confirm_cancel.reason": "Reason (kept in the audit trail)",
        "targeting.confirm_cancel.reason_help": "Say briefly why, {min}–{max} characters.",
        "targeting.confirm_cancel.back": "Back to the round without cancelling",
        "targeting.error.four_eyes": (
            "The person who proposed the selection round cannot also decide it. Another "
            "coordinator or an administrator has to make the decision."
        ),
        "targeting.error.finalise_draft": (
            "Selection round {round_id} is a draft. Invite the committees to the consultation "
            "before deciding it."
        ),
        "targeting.error.finalise_open": (
            "The consultation on selection round {round_id} is open until {deadline} and {n} "
            "invited bodies have not commented yet. Decide after the last day or once everyone "
            "has answered."
        ),
        "targeting.col_proposal": "Index proposal",
        "targeting.status.draft": "draft",
        "targeting.status.consultation": "in consultation",
        "targeting.status.finalised": "decided (current)",
        "targeting.status.superseded": "decided, superseded by a later version",
        "targeting.status.cancelled": "cancelled",
        "targeting.targets_caption": "Target areas, version {version} ({n} areas)",
        "targeting.new_intro": (
            "Choose a finished index run. The k most vulnerable areas are proposed and marked "
            "as selected; you can change the selection before the round is decided."
        ),
        "targeting.create_failed": (
            "The selection round could not be created. Correct it and try again."
        ),
        "targeting.run": "Index run",
        "targeting.run_option": "no. {id}, {year}",
        "targeting.run_link": "Index run no. {id}",
        "targeting.k": "Number of areas to propose (k)",
        "targeting.k_help": "The k best-ranked (most vulnerable) areas are proposed.",
        "targeting.round_title": "Title",
        "targeting.create": "Create the proposal",
        "targeting.no_runs": "There is no finished index run to choose areas from.",
        "targeting.start_run": "Start an index run",
        "targeting.proposed_by": "Proposed by",
        "targeting.finalised_by": "Decided by",
        "targeting.superseded_note": "This version was superseded by a later version on {date}.",
        "targeting.cancelled_note": "The round was cancelled on {date} without a decision.",
        "targeting.decision_heading": "Decision, version {version}",
        "targeting.decision_ref": "The decision rests on",
        "targeting.rationale": "Rationale",
        "targeting.areas_heading": "Areas",
        "targeting.areas_intro": (
            "The index proposed the {k} most vulnerable areas. {n} areas are selected now."
        ),
        "targeting.areas_caption": "The index run's areas by rank ({n} areas, k = {k})",
        "targeting.select_area": "Select {name}",
        "targeting.yes": "Yes",
        "targeting.no": "No",
        "targeting.proposed": "Proposed",
        "targeting.interval_text": "Rank {low} to {high} in 90% of the draws",
        "targeting.save_selection": "Save the selection",
        "targeting.consultation_heading": "Consultation with committees and companies",
        "targeting.deadline_text": "Comments are taken up to and including {date}.",
        "targeting.deadline_was": "The last day for comments was {date}.",
        "targeting.has_commented": "has commented",
        "targeting.not_commented": "has not commented yet",
        "targeting.no_invitations": "Nobody has been invited to comment yet.",
        "targeting.invite_legend": "Invite committees and companies",
        "targeting.already_invited": "already invited",
        "targeting.deadline": "Last day for comments",
        "targeting.deadline_help": (
            "A date from {earliest} to {latest} (YYYY-MM-DD): after today and at most a year "
            "ahead. Comments are taken up to and including that day."
        ),
        "targeting.invite": "Invite to consultation",
        "targeting.update_consultation": "Invite more or change the last day",
        "targeting.comments_heading": "Comments",
        "targeting.no_comments": "No comments yet.",
        "targeting.comments_closed": (
            "The last day for comments was {date}. No new comments are taken."
        ),
        "targeting.comment_for": "Comment from",
        "targeting.stance_legend": "Position",
        "targeting.stance.support": "Supports",
        "targeting.stance.object": "Objects",
        "targeting.stance.neutral": "Neutral",
        "targeting.about_area": "about {name}",
        "targeting.comment_area": "Is the comment about one area?",
        "targeting.whole_proposal": "The whole proposal",
        "targeting.comment_text": "Comment",
        "targeting.send_comment": "Send the comment",
        "targeting.decide_heading": "Decision",
        "targeting.draft_first": (
            "Invite the committees to consultation before the round can be decided."
        ),
        "targeting.four_eyes": (
            "You proposed this round. Another coordinator or an administrator has to decide it."
        ),
        "targeting.still_open": (
            "The consultation is open until {date} and {n} invited bodies have not commented "
            "yet. The round can be decided after the last day or once everyone has answered."
        ),
        "targeting.rationale_help": (
            "The rationale is shown on the public page. Write, in at least {min} characters, "
            "why these areas were chosen and how the committees' comments were weighed."
        ),
        "targeting.decision_record": "The decision in the decision register",
        "targeting.decision_record_help": (
            "Say who decided and when, and the decision is registered and the round links to "
            "it. Leave the fields empty if the decision has not been taken yet."
        ),
        "targeting.decision_kind": "Kind of deciding body",
        "targeting.decision_body": "Deciding body (e.g. Kommunstyrelsen)",
        "targeting.decision_date": "Meeting date (YYYY-MM-DD)",
        "targeting.decision_paragraph": "Paragraph (e.g. § 51)",
        "targeting.decision_case": "Case number (e.g. STK-2024-1374)",
        "targeting.error.decision_partial": (
            "Give both the deciding body and the meeting date of the decision, or leave the "
            "decision fields empty."
        ),
        "targeting.error.decision_date": (
            "Write the meeting date as YYYY-MM-DD; you wrote “{value}”."
        ),
        "targeting.decision_ref_optional": (
            "Decision the selection rests on (optional, e.g. KS 2026-03-04 § 51)"
        ),
        "targeting.finalise": "Decide the target areas",
        "targeting.cancel_help": "A cancelled round can no longer be changed or decided.",
        "targeting.cancel": "Cancel the round",
        "targeting.refused.areas": "The selection could not be saved.",
        "targeting.refused.consultation": "The invitation could not be sent.",
        "targeting.refused.comment": "The comment could not be taken.",
        "targeting.refused.finalise": "The round could not be decided.",
        "targeting.refused.cancel": "The round could not be cancelled.",
        "targeting.public_title": "Target areas of the concentrated efforts",
        "targeting.public_intro": (
            "The concentrated efforts are made in a few selected sub-areas. The areas are "
            "chosen with an open vulnerability index and together with the committees concerned."
        ),
        "targeting.public_none": "No target areas have been decided yet.",
        "targeting.public_decided": "Version {version}, decided {date}: {n} target areas.",
        "targeting.map_title": "Map of the sub-areas; {n} target areas are marked",
        "targeting.map_target": "{name}: target area",
        "targeting.map_other": "{name}: not a target area",
        "targeting.legend": "Legend",
        "targeting.legend_target": "Target area (hatched)",
        "targeting.legend_other": "Other areas (white)",
    },
}
