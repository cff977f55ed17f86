-- Issue 12 (8): indicator names in the API's own style (camelCase, spec §15 and §18). Aggregates
-- already frozen keep their figures under the new names, so the trend over the years stays one series.
update statistiek set indicator = case indicator
    when 'potentiele_mbo_gangers' then 'potentieleMboGangers'
    when 'aangemeld_voor_aanmelddatum' then 'aangemeldVoorAanmelddatum'
    when 'teruggevallen_na_aanmelddatum' then 'teruggevallenNaAanmelddatum'
    when 'doorlooptijd_dagen_mediaan' then 'doorlooptijdDagenMediaan'
    when 'doorlooptijd_dagen_p90' then 'doorlooptijdDagenP90'
    when 'aangemeld_buiten_eigen_rmc' then 'aangemeldBuitenEigenRmc'
    when 'meervoudig_aangemeld_procent' then 'meervoudigAangemeldProcent'
    else indicator end
  where indicator like '%\_%';
update statistiek set indicator = 'aanmeldingenCrebo' || substring(indicator from '^aanmeldingen_crebo_(.*)$')
  where indicator like 'aanmeldingen\_crebo\_%';
