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
            "Ett datum efter i dag (ÅÅÅÅ-MM-DD). Synpunkter tas emot till och med den dagen."
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
            "Motiveringen visas på den offentliga sidan. Skriv varför just de här områdena "
            "valdes och hur nämndernas synpunkter har vägts in."
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
            "A date after today (YYYY-MM-DD). Comments are taken up to and including that day."
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
            "The rationale is shown on the public page. Write why these areas were chosen and "
            "how the committees' comments were weighed."
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
