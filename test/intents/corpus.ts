/**
 * The phrasing corpus: questions written the way executives and strategists ask them, each with the reading it
 * must get — a stage and the parameters that matter (checked as a subset), a question back (a clarification that
 * offers readings of those stages), or an error naming the fields that are wrong. `test/intents/corpus.test.ts`
 * runs every case as a test; `npm run bench:intents` prints the accuracy and the clarification rate over it.
 *
 * `recent` stands for the latest release-year window counted back from the catalog's date ("right now",
 * "lately": the catalog's year and the one before; "this year": the catalog's year), so no date is pinned here.
 */
import type { ParseResult } from '../../intents/index.ts';
import type { StageName } from '../../src/core/types.ts';

export type CorpusCase =
  | { q: string; stage: StageName | 'help'; params?: Record<string, unknown>; recent?: 'latest' | 'this-year' }
  | { q: string; clarify: StageName[] }
  | { q: string; error: string[] };

const ex = (q: string, params: Record<string, unknown> = {}, recent?: 'latest' | 'this-year'): CorpusCase => ({ q, stage: 'explore', params, recent });
const un = (q: string, params: Record<string, unknown> = {}, recent?: 'latest' | 'this-year'): CorpusCase => ({ q, stage: 'understand', params, recent });
const id = (q: string, params: Record<string, unknown> = {}, recent?: 'latest' | 'this-year'): CorpusCase => ({ q, stage: 'identify', params, recent });
const pr = (q: string, params: Record<string, unknown> = {}): CorpusCase => ({ q, stage: 'predict', params });
const fc = (q: string, params: Record<string, unknown> = {}): CorpusCase => ({ q, stage: 'forecast', params });
const cg = (q: string, left: string, right: string): CorpusCase => ({ q, stage: 'compare', params: { kind: 'genre', left, right } });
const ct = (q: string, left: string, right: string): CorpusCase => ({ q, stage: 'compare', params: { kind: 'title', left, right } });
const err = (q: string, ...fields: string[]): CorpusCase => ({ q, error: fields });
const ask = (q: string, ...stages: StageName[]): CorpusCase => ({ q, clarify: stages });

const SF = 'Science Fiction';
const T = {
  strangerThings: 'tv:66732',
  wednesday: 'tv:119051',
  barbie: 'movie:346698',
  oppenheimer: 'movie:872585',
  dune2021: 'movie:438631',
  duneTwo: 'movie:693134',
  lastOfUs: 'tv:100088',
  houseOfTheDragon: 'tv:94997',
  squidGame: 'tv:93405',
  breakingBad: 'tv:1396',
  gameOfThrones: 'tv:1399',
  deadpool: 'movie:533535',
  insideOut2: 'movie:1022789',
  succession: 'tv:76331',
  theCrown: 'tv:65494',
  parasite: 'movie:496243',
  joker: 'movie:475557',
  arcane: 'tv:94605',
  theBoys: 'tv:76479',
  frozen2013: 'movie:109445',
  moana2: 'movie:1241982',
  interstellar: 'movie:157336',
  inception: 'movie:27205',
  euphoria: 'tv:85552',
  topGun: 'movie:361743',
  avatar: 'movie:19995',
  ozark: 'tv:69740',
  blackMirror: 'tv:42009',
  yellowstone: 'tv:73586',
  witcher: 'tv:71912',
  eeaao: 'movie:545611',
  getOut: 'movie:419430',
  hereditary: 'movie:493922',
  madMax: 'movie:76341',
  tedLasso: 'tv:97546',
  bridgerton: 'tv:91239',
  dark: 'tv:70523',
} as const;

/** The examples of issue 18, word for word. */
export const ISSUE_EXAMPLES: CorpusCase[] = [
  pr('Is horror a good bet for Q4?', { genre: 'Horror', quarter: 4 }),
  ex('What is the genre mix for movies since 2010?', { mediaType: 'movie', yearFrom: 2010 }),
  ex('how are thrillers doing?', { genres: ['Thriller'] }),
  cg('Which should we make: a horror or a thriller?', 'Horror', 'Thriller'),
  cg('Horror or thriller?', 'Horror', 'Thriller'),
  cg('Horror versus thriller', 'Horror', 'Thriller'),
  ct('How does Stranger Things compare to Wednesday?', T.strangerThings, T.wednesday),
  ex("What's popular right now?", {}, 'latest'),
  ex('What kind of content dominates the market right now?', {}, 'latest'),
  id('Are thrillers oversaturated?', { genres: ['Thriller'] }),
  {
    q: '/predict genre=Science Fiction type=movie budget=7 quarter=Q3',
    stage: 'predict',
    params: { genre: SF, mediaType: 'movie', budgetLevel: 7, quarter: 3 },
  },
  { q: '/predict genre=sci-fi type=movie budget=7 quarter=Q3', stage: 'predict', params: { genre: SF, mediaType: 'movie', budgetLevel: 7, quarter: 3 } },
  err('/predict genre=horor budget=11 quarter=Q5', 'genre', 'budgetLevel', 'quarter'),
];

const EXPLORE: CorpusCase[] = [
  ex('Give me the lay of the land for TV dramas', { mediaType: 'tv', genres: ['Drama'] }),
  ex('What are the top rated sci-fi films of the 2010s?', { mediaType: 'movie', genres: [SF], yearFrom: 2010, yearTo: 2019 }),
  ex('Show me the biggest animated movies', { mediaType: 'movie', genres: ['Animation'] }),
  ex('How big is the horror catalog?', { genres: ['Horror'] }),
  ex('What does the Korean drama landscape look like?', { genres: ['Drama'], language: 'ko' }),
  ex('Break down the catalog by genre'),
  ex("What's the split between movies and TV?", { mediaType: 'all' }),
  ex('Which comedies are people watching these days?', { genres: ['Comedy'] }, 'latest'),
  ex('Top documentaries on TV', { mediaType: 'tv', genres: ['Documentary'] }),
  ex('What are the highest rated horror movies since 2015?', { mediaType: 'movie', genres: ['Horror'], yearFrom: 2015 }),
  ex('Give me a snapshot of French cinema', { mediaType: 'movie', language: 'fr' }),
  ex('How much Japanese animation is in the data?', { genres: ['Animation'], language: 'ja' }),
  ex('Tell me about crime shows from the 1990s', { mediaType: 'tv', genres: ['Crime'], yearFrom: 1990, yearTo: 1999 }),
  ex('Overview of romance films 2000-2010', { mediaType: 'movie', genres: ['Romance'], yearFrom: 2000, yearTo: 2010 }),
  ex('Which fantasy series are doing best?', { mediaType: 'tv', genres: ['Fantasy'] }),
  ex('What does the market look like for westerns?', { genres: ['Western'] }),
  ex('How is the mystery genre performing this year?', { genres: ['Mystery'] }, 'this-year'),
  ex('What are audiences watching lately on Spanish TV?', { mediaType: 'tv', language: 'es' }, 'latest'),
  ex('List the top family movies', { mediaType: 'movie', genres: ['Family'] }),
  ex('quality vs popularity for action movies', { mediaType: 'movie', genres: ['Action'] }),
  ex('What are the most watched TV shows since 2020?', { mediaType: 'tv', yearFrom: 2020 }),
  ex('Explore Italian films from the 1960s', { mediaType: 'movie', language: 'it', yearFrom: 1960, yearTo: 1969 }),
  ex('give me the landscape for anime', { genres: ['Animation'] }),
  ex('How many horror titles came out in 2019?', { genres: ['Horror'], yearFrom: 2019, yearTo: 2019 }),
  ex("What's the catalog look like for reality TV?", { genres: ['Reality'] }),
  ex('which languages dominate streaming series?', { mediaType: 'tv' }),
  ex('Top performers in comedy', { genres: ['Comedy'] }),
  ex('How are we doing in thrillers?', { genres: ['Thriller'] }),
  ex('What German series are popular?', { mediaType: 'tv', language: 'de' }),
  ex('Give me a quick read on sci-fi TV', { mediaType: 'tv', genres: [SF] }),
  ex('Biggest documentaries of all time', { genres: ['Documentary'] }),
  ex("What's the volume of horror releases by year?", { genres: ['Horror'] }),
  ex('How popular are westerns these days?', { genres: ['Western'] }, 'latest'),
  ex('Which crime dramas have the best ratings?', { genres: ['Crime', 'Drama'] }),
  ex("what's out there in mystery tv", { mediaType: 'tv', genres: ['Mystery'] }),
  ex('Which movies are the best performers this year?', { mediaType: 'movie' }, 'this-year'),
  ex('what are the top 10 thrillers?', { genres: ['Thriller'] }),
  ex('rank the comedy series by popularity', { mediaType: 'tv', genres: ['Comedy'] }),
  ex("What's the mix between TV and movies lately?", { mediaType: 'all' }, 'latest'),
  ex('High-level view of the catalog please'),
  ex('What are the fan favourites in fantasy?', { genres: ['Fantasy'] }),
  ex('Tell me about horror', { genres: ['Horror'] }),
  ex('explore movies', { mediaType: 'movie' }),
  ex('What do the top Korean shows have in common?', { mediaType: 'tv', language: 'ko' }),
  ex('Which animated films are the most popular?', { mediaType: 'movie', genres: ['Animation'] }),
  ex("What's the landscape for documentaries since 2018?", { genres: ['Documentary'], yearFrom: 2018 }),
  ex('Give me an overview of war movies', { mediaType: 'movie', genres: ['War'] }),
  ex('Who are the leaders in sci-fi television?', { mediaType: 'tv', genres: [SF] }),
  ex('Which thrillers are rated highest?', { genres: ['Thriller'] }),
  ex('How are comedies performing on TV lately?', { mediaType: 'tv', genres: ['Comedy'] }, 'latest'),
  ex('show me horror movies from 2000 to 2009', { mediaType: 'movie', genres: ['Horror'], yearFrom: 2000, yearTo: 2009 }),
  ex("What's the genre breakdown for TV since 2015?", { mediaType: 'tv', yearFrom: 2015 }),
  ex('Which mysteries do people rate best?', { genres: ['Mystery'] }),
];

const UNDERSTAND: CorpusCase[] = [
  un('how does budget relate to popularity?'),
  un('What drives success for horror films?', { mediaType: 'movie', genres: ['Horror'] }),
  un('What makes a comedy successful?', { genres: ['Comedy'] }),
  un('Is there a link between runtime and rating?'),
  un('What factors matter most for TV dramas?', { mediaType: 'tv', genres: ['Drama'] }),
  un('Are there seasonal patterns in horror releases?', { genres: ['Horror'] }),
  un('Any anomalies in the sci-fi data since 2015?', { genres: [SF], yearFrom: 2015 }),
  un('Which titles are outliers among documentaries?', { genres: ['Documentary'] }),
  un('Explain what drives engagement for Korean shows', { mediaType: 'tv', language: 'ko' }),
  un('Does vote count correlate with popularity?'),
  un('How do ratings relate to popularity for animated movies?', { mediaType: 'movie', genres: ['Animation'] }),
  un("What's behind the success of thrillers?", { genres: ['Thriller'] }),
  un('What moves the needle for romance movies?', { mediaType: 'movie', genres: ['Romance'] }),
  un('Is there a seasonality to comedy releases?', { genres: ['Comedy'] }),
  un('Why is drama so popular?', { genres: ['Drama'] }),
  un("What's the relationship between budget and hit rate?"),
  un('Do longer runtimes hurt engagement?'),
  un('What correlates with engagement in TV?', { mediaType: 'tv' }),
  un('Walk me through the drivers of success for action movies', { mediaType: 'movie', genres: ['Action'] }),
  un('Which variables explain popularity in anime?', { genres: ['Animation'] }),
  un('Any unusual titles in the fantasy genre?', { genres: ['Fantasy'] }),
  un("What's going on with horror? Explain the patterns", { genres: ['Horror'] }),
  un('How do release month and engagement relate for thrillers?', { genres: ['Thriller'] }),
  un('Show me the correlations for movies since 2000', { mediaType: 'movie', yearFrom: 2000 }),
  un('What are the key success factors for streaming series?', { mediaType: 'tv' }),
  un('Is popularity tied to vote average in dramas?', { genres: ['Drama'] }),
  un('Explain the anomalies in the comedy data', { genres: ['Comedy'] }),
  un('Is there a monthly pattern in documentary engagement?', { genres: ['Documentary'] }),
  un('Help me understand what makes a sci-fi series work', { mediaType: 'tv', genres: [SF] }),
  un('What separates hits from misses in horror?', { genres: ['Horror'] }),
  un('understand mystery shows', { mediaType: 'tv', genres: ['Mystery'] }),
  un('Why are crime shows so engaging?', { mediaType: 'tv', genres: ['Crime'] }),
  un('Is rating linked to popularity for Japanese films?', { mediaType: 'movie', language: 'ja' }),
  un('What influences engagement for reality TV?', { genres: ['Reality'] }),
  un('Which factors explain hit rates for TV comedies?', { mediaType: 'tv', genres: ['Comedy'] }),
  un('Are there outliers among romance titles from the 2010s?', { genres: ['Romance'], yearFrom: 2010, yearTo: 2019 }),
  un('How does runtime affect popularity?'),
  un('What explains the popularity of fantasy shows?', { mediaType: 'tv', genres: ['Fantasy'] }),
  un('Are vote average and popularity correlated for movies?', { mediaType: 'movie' }),
  un('Why do some thrillers become hits?', { genres: ['Thriller'] }),
  un("What's unusual about recent horror?", { genres: ['Horror'] }, 'latest'),
  un('Does the release month affect how dramas do?', { genres: ['Drama'] }),
  un('What are the drivers behind successful TV shows?', { mediaType: 'tv' }),
];

const IDENTIFY: CorpusCase[] = [
  id("what's the best month to release a horror movie?", { mediaType: 'movie', genres: ['Horror'] }),
  id('Where are the gaps in the TV market?', { mediaType: 'tv' }),
  id('Is there room for another zombie show?', { mediaType: 'tv' }),
  id('When should we release our comedy?', { genres: ['Comedy'] }),
  id('Which genres are underserved in animation?', { genres: ['Animation'] }),
  id('Is the horror space too crowded?', { genres: ['Horror'] }),
  id("What's the best time to launch a family film?", { mediaType: 'movie', genres: ['Family'] }),
  id("Where's the white space for TV dramas?", { mediaType: 'tv', genres: ['Drama'] }),
  id('Which niches are untapped?'),
  id('Show me the Pareto for movies', { mediaType: 'movie' }),
  id('Is the sci-fi market crowded?', { genres: [SF] }),
  id("What's the best season to release a romance?", { genres: ['Romance'] }),
  id('Which month should a thriller come out?', { genres: ['Thriller'] }),
  id('Where should we invest next?'),
  id("Where's the opportunity in documentaries?", { genres: ['Documentary'] }),
  id('Is there space for more fantasy series?', { mediaType: 'tv', genres: ['Fantasy'] }),
  id("What's the release window for horror?", { genres: ['Horror'] }),
  id('Which genres have too many titles?'),
  id('Are crime shows saturated?', { mediaType: 'tv', genres: ['Crime'] }),
  id('What are the market opportunities in Korean TV?', { mediaType: 'tv', language: 'ko' }),
  id('Is there a gap in family animation?', { genres: ['Animation'] }),
  id('When is the best time to release a sci-fi series?', { mediaType: 'tv', genres: [SF] }),
  id('Which genres are overlooked?'),
  id('How concentrated is engagement in movies?', { mediaType: 'movie' }),
  id('Where is competition lowest for new shows?', { mediaType: 'tv' }),
  id('Is the market for westerns undersupplied?', { genres: ['Western'] }),
  id('What month gives comedies the best start?', { genres: ['Comedy'] }),
  id('Where is demand outstripping supply?'),
  id('Which TV genres are crowded since 2015?', { mediaType: 'tv', yearFrom: 2015 }),
  id("What's the long tail look like for documentaries?", { genres: ['Documentary'] }),
  id('identify opportunities in tv since 2018', { mediaType: 'tv', yearFrom: 2018 }),
  id('Where are the white-space opportunities for animated series?', { mediaType: 'tv', genres: ['Animation'] }),
  id('Which quarter is best for launching a thriller?', { genres: ['Thriller'] }),
  id('Is now a good time to release a drama?', { genres: ['Drama'] }),
  id("What's oversupplied in TV right now?", { mediaType: 'tv' }, 'latest'),
  id('Do we have room for another crime drama?', { genres: ['Crime', 'Drama'] }),
  id('Are there any untapped genres in film?', { mediaType: 'movie' }),
  id('Is the thriller market getting crowded lately?', { genres: ['Thriller'] }, 'latest'),
  id('What are the underserved genres on TV?', { mediaType: 'tv' }),
  id('When do mysteries do best at release?', { genres: ['Mystery'] }),
  id('Which genres have room for growth with little competition?'),
  id('Where are the opportunities this year?', {}, 'this-year'),
  id('Is comedy oversaturated on TV?', { mediaType: 'tv', genres: ['Comedy'] }),
  id('What release timing works for animated movies?', { mediaType: 'movie', genres: ['Animation'] }),
  id('Which gaps could a new western fill?', { genres: ['Western'] }),
];

const PREDICT: CorpusCase[] = [
  pr('Should we greenlight a $200m sci-fi epic for summer?', { genre: SF, quarter: 3 }),
  pr('Would a low-budget horror film work in October?', { genre: 'Horror', mediaType: 'movie', budgetLevel: 2, quarter: 4 }),
  pr('What are the odds for a big-budget fantasy series?', { genre: 'Fantasy', mediaType: 'tv', budgetLevel: 8 }),
  pr("Should we make a romcom for Valentine's?", { genre: 'Romance', quarter: 1 }),
  pr('Can an indie drama succeed in Q1?', { genre: 'Drama', budgetLevel: 2, quarter: 1 }),
  pr('Will a thriller with a $40 million budget do well in the fall?', { genre: 'Thriller', quarter: 4 }),
  pr("We're thinking of a blockbuster action movie for summer. Worth it?", { genre: 'Action', mediaType: 'movie', budgetLevel: 10, quarter: 3 }),
  pr('Is a documentary series a safe bet?', { genre: 'Documentary', mediaType: 'tv' }),
  pr('greenlight comedy tv budget 3 Q2', { genre: 'Comedy', mediaType: 'tv', budgetLevel: 3, quarter: 2 }),
  pr('What are our chances with a mid-budget mystery in Q3?', { genre: 'Mystery', budgetLevel: 5, quarter: 3 }),
  pr('Should we back a Korean drama series?', { genre: 'Drama', mediaType: 'tv' }),
  pr('Is a horror movie in Q4 likely to be a hit?', { genre: 'Horror', mediaType: 'movie', quarter: 4 }),
  pr('Would an animated feature do well at Christmas?', { genre: 'Animation', mediaType: 'movie', quarter: 4 }),
  pr('Predict a sci-fi series with a huge budget', { genre: SF, mediaType: 'tv', budgetLevel: 10 }),
  pr('How risky is a big budget western?', { genre: 'Western', budgetLevel: 8 }),
  pr('Should we produce a true crime doc for spring?', { genre: 'Crime', quarter: 2 }),
  pr('If we made a thriller for $15M, how would it perform?', { genre: 'Thriller' }),
  pr('Is a family film a good idea for the holidays?', { genre: 'Family', mediaType: 'movie', quarter: 4 }),
  pr("What's the hit chance for a fantasy movie in Q2 with budget 6?", { genre: 'Fantasy', mediaType: 'movie', budgetLevel: 6, quarter: 2 }),
  pr('Green-light a comedy series for the fourth quarter?', { genre: 'Comedy', mediaType: 'tv', quarter: 4 }),
  pr('Would a shoestring horror flick pay off?', { genre: 'Horror', budgetLevel: 1 }),
  pr('Should we bet on a war movie in Q1?', { genre: 'War', mediaType: 'movie', quarter: 1 }),
  pr('Chances of a Q3 animated series succeeding?', { genre: 'Animation', mediaType: 'tv', quarter: 3 }),
  pr('Would a mid-range drama land in Q2?', { genre: 'Drama', budgetLevel: 5, quarter: 2 }),
  pr('Should we fund a low budget documentary?', { genre: 'Documentary', budgetLevel: 2 }),
  pr('What would a big budget crime series do in autumn?', { genre: 'Crime', mediaType: 'tv', budgetLevel: 8, quarter: 4 }),
  pr('predict horror tv budget 2 Q4', { genre: 'Horror', mediaType: 'tv', budgetLevel: 2, quarter: 4 }),
  pr('Can a cheap horror movie be a hit in Q4?', { genre: 'Horror', mediaType: 'movie', budgetLevel: 2, quarter: 4 }),
  pr('Is a sci-fi movie with a $100M budget a good idea for Q2?', { genre: SF, mediaType: 'movie', quarter: 2 }),
  pr('Should we commission a thriller series for the new year?', { genre: 'Thriller', mediaType: 'tv', quarter: 1 }),
  pr('Outlook for a romance movie at budget level 4 in Q1', { genre: 'Romance', mediaType: 'movie', budgetLevel: 4, quarter: 1 }),
  pr('Would a comedy movie work for Thanksgiving?', { genre: 'Comedy', mediaType: 'movie', quarter: 4 }),
  pr('Should we do an animated movie on a modest budget?', { genre: 'Animation', mediaType: 'movie', budgetLevel: 4 }),
  pr('What if we made a $60m mystery film for release in June?', { genre: 'Mystery', mediaType: 'movie', quarter: 2 }),
  pr('Will a horror series with budget 3 succeed in Q3?', { genre: 'Horror', mediaType: 'tv', budgetLevel: 3, quarter: 3 }),
  pr('Greenlight a high budget action film for the summer', { genre: 'Action', mediaType: 'movie', budgetLevel: 8, quarter: 3 }),
  pr('Is Q2 a good bet for a western?', { genre: 'Western', quarter: 2 }),
  pr('How likely is a medium budget comedy to hit in spring?', { genre: 'Comedy', budgetLevel: 5, quarter: 2 }),
  pr('copilot: drama movie, budget 7, Q3', { genre: 'Drama', mediaType: 'movie', budgetLevel: 7, quarter: 3 }),
  pr('should we greenlight a sci-fi movie for Q3 with a big budget?', { genre: SF, mediaType: 'movie', budgetLevel: 8, quarter: 3 }),
  pr('Would a tentpole fantasy film succeed at Christmas?', { genre: 'Fantasy', mediaType: 'movie', budgetLevel: 10, quarter: 4 }),
  pr('Is an indie thriller worth making for the third quarter?', { genre: 'Thriller', budgetLevel: 2, quarter: 3 }),
  pr("What's the risk on a $5M horror movie?", { genre: 'Horror', mediaType: 'movie' }),
  pr('Should we go for a micro-budget documentary in Q1?', { genre: 'Documentary', budgetLevel: 1, quarter: 1 }),
  pr('Can a TV mystery series do well in summer with a small budget?', { genre: 'Mystery', mediaType: 'tv', budgetLevel: 3, quarter: 3 }),
  pr('Would a romance series succeed in Q1 on a low budget?', { genre: 'Romance', mediaType: 'tv', budgetLevel: 2, quarter: 1 }),
  pr('greenlight a $200m action movie for Q2?', { genre: 'Action', mediaType: 'movie', quarter: 2 }),
  pr('Will a western flop in Q1?', { genre: 'Western', quarter: 1 }),
  pr('Is a big budget sci-fi series in Q4 a good idea?', { genre: SF, mediaType: 'tv', budgetLevel: 8, quarter: 4 }),
];

const FORECAST: CorpusCase[] = [
  fc("What's rising?"),
  fc('Which genres are heating up?'),
  fc('Is horror on the rise?', { genres: ['Horror'] }),
  fc('Where is comedy headed over the next year?', { genres: ['Comedy'] }),
  fc("What's the outlook for sci-fi?", { genres: [SF] }),
  fc('Are thrillers losing steam?', { genres: ['Thriller'] }),
  fc('Which genres will grow in the next 12 months?'),
  fc('What are the rising stars in TV?'),
  fc('Forecast drama and crime for next year', { genres: ['Drama', 'Crime'] }),
  fc('Is romance trending up or down?', { genres: ['Romance'] }),
  fc('Momentum check on documentaries', { genres: ['Documentary'] }),
  fc('What will be hot next year?'),
  fc('Which genres are cooling off?'),
  fc('Give me the 12-month outlook for animation', { genres: ['Animation'] }),
  fc('Is fantasy gaining traction?', { genres: ['Fantasy'] }),
  fc("What's trending in horror?", { genres: ['Horror'] }),
  fc('Where are westerns going?', { genres: ['Western'] }),
  fc('Any emerging genres I should know about?'),
  fc('Which genre has the most momentum?'),
  fc('Is comedy declining?', { genres: ['Comedy'] }),
  fc("What's the trajectory for mystery?", { genres: ['Mystery'] }),
  fc('Will crime stay strong next year?', { genres: ['Crime'] }),
  fc('Forecast for action over the coming months', { genres: ['Action'] }),
  fc("What's picking up momentum lately?"),
  fc('Which genres are fading?'),
  fc('Has horror peaked?', { genres: ['Horror'] }),
  fc('What does the future hold for sci-fi series?', { genres: [SF] }),
  fc('trends in thriller and mystery', { genres: ['Thriller', 'Mystery'] }),
  fc('Is drama growing?', { genres: ['Drama'] }),
  fc('What will audiences want next year?'),
  fc('Which genres are on the way out?'),
  fc("What's taking off in animation?", { genres: ['Animation'] }),
  fc('Project comedy engagement for the next 12 months', { genres: ['Comedy'] }),
  fc("What's the forecast for documentaries?", { genres: ['Documentary'] }),
  fc('Are westerns making a comeback?', { genres: ['Western'] }),
  fc('Which genres are on an upswing?'),
  fc("Where's romance trending?", { genres: ['Romance'] }),
  fc("What's hot?"),
  fc('Is the horror boom slowing?', { genres: ['Horror'] }),
  fc("Greenlight, what's rising?"),
  fc('what is heating up in horror?', { genres: ['Horror'] }),
  fc('Is sci-fi gaining or fading?', { genres: [SF] }),
  fc('Which genres should we watch over the next few months?'),
  fc('forecast thrillers horizon=6', { genres: ['Thriller'], horizonMonths: 6 }),
];

const COMPARE: CorpusCase[] = [
  ct('Is Barbie doing better than Oppenheimer?', T.barbie, T.oppenheimer),
  cg('Comedy vs drama on TV', 'Comedy', 'Drama'),
  cg('Which is the better bet, sci-fi or fantasy?', SF, 'Fantasy'),
  ct('Dune: Part Two or Oppenheimer — which did better?', T.duneTwo, T.oppenheimer),
  ct('Stack up The Last of Us against House of the Dragon', T.lastOfUs, T.houseOfTheDragon),
  ct('Which performed better, Squid Game or Wednesday?', T.squidGame, T.wednesday),
  cg('action vs adventure', 'Action', 'Adventure'),
  ct('Compare Breaking Bad and Game of Thrones', T.breakingBad, T.gameOfThrones),
  cg('Is crime stronger than mystery?', 'Crime', 'Mystery'),
  cg('Which should we bet on: animation or comedy?', 'Animation', 'Comedy'),
  ct('Deadpool & Wolverine versus Inside Out 2', T.deadpool, T.insideOut2),
  ct('How do Succession and The Crown compare?', T.succession, T.theCrown),
  cg('Which is doing better, comedy or drama?', 'Comedy', 'Drama'),
  cg('Romance or comedy for our next movie?', 'Romance', 'Comedy'),
  cg('thrillers vs horror movies since 2015', 'Thriller', 'Horror'),
  cg("What's the difference between sci-fi and fantasy?", SF, 'Fantasy'),
  ct('Parasite vs Joker', T.parasite, T.joker),
  ct('Head to head: Arcane vs The Boys', T.arcane, T.theBoys),
  ct('Which did better with audiences, Frozen (2013) or Moana 2?', T.frozen2013, T.moana2),
  ct('Dune 2021 vs Dune: Part Two', T.dune2021, T.duneTwo),
  cg('Would a horror or a comedy do better in Q4?', 'Horror', 'Comedy'),
  cg('documentaries versus reality TV', 'Documentary', 'Reality'),
  ct('Interstellar or Inception?', T.interstellar, T.inception),
  ct('How does Euphoria stack up against Stranger Things?', T.euphoria, T.strangerThings),
  cg('Which is bigger, crime or thriller?', 'Crime', 'Thriller'),
  cg('war vs western', 'War', 'Western'),
  ct('Top Gun: Maverick against Avatar', T.topGun, T.avatar),
  cg('Which of these is stronger: mystery or crime?', 'Mystery', 'Crime'),
  ct('Is Ozark doing better than Black Mirror?', T.ozark, T.blackMirror),
  cg('Drama vs Comedy', 'Drama', 'Comedy'),
  cg('comedy or drama, which should we greenlight?', 'Comedy', 'Drama'),
  ct('Barbie versus Oppenheimer', T.barbie, T.oppenheimer),
  cg('Fantasy TV vs sci-fi TV', 'Fantasy', SF),
  ct('compare Yellowstone with The Witcher', T.yellowstone, T.witcher),
  cg('How do horror and thriller compare lately?', 'Horror', 'Thriller'),
  cg('Which is the safer bet, comedy or horror?', 'Comedy', 'Horror'),
  ct('Everything Everywhere All at Once vs Parasite', T.eeaao, T.parasite),
  ct('how does stranger things compare to wednesday', T.strangerThings, T.wednesday),
  ct('Get Out or Hereditary: which one should we use as the benchmark?', T.getOut, T.hereditary),
  ct('Mad Max: Fury Road vs Top Gun: Maverick', T.madMax, T.topGun),
  ct('Is Ted Lasso outperforming Bridgerton?', T.tedLasso, T.bridgerton),
  cg('Animation versus family, which wins?', 'Animation', 'Family'),
  ct('Did Dark do better than Black Mirror?', T.dark, T.blackMirror),
  cg('scifi or horror: which is the better bet for Q3?', SF, 'Horror'),
  ct('/compare "Dune: Part Two" vs "Oppenheimer"', T.duneTwo, T.oppenheimer),
  cg('/compare science fiction versus fantasy', SF, 'Fantasy'),
  cg('Mystery or thriller, which should we make next?', 'Mystery', 'Thriller'),
  ct('Which is stronger, Wednesday or Stranger Things?', T.wednesday, T.strangerThings),
];

const CLARIFY: CorpusCase[] = [
  ask('horror', 'explore', 'forecast', 'understand'),
  ask('why is horror rising?', 'forecast', 'understand'),
  ask('Is The Bear better than Ted Lasso?', 'compare', 'compare'),
  ask('Dune or Dune: Part Two?', 'compare', 'compare'),
  ask('sci-fi tv', 'explore', 'forecast', 'understand'),
  ask('Frozen vs Up', 'compare', 'compare'),
  // Two questions in one: the release months (identify) and seasonality (understand) give different answers.
  ask('Which months see the most engagement for comedy? Is it seasonal?', 'understand', 'identify'),
];

const ERRORS: CorpusCase[] = [
  err('/explore movies horor', 'genres'),
  err('/predict sci-fi movie budget 0 Q3', 'budgetLevel'),
  err('/predict drama movie budget 4 Q5', 'quarter'),
  err('/explore years 2024-2010', 'years'),
  err('/forecast horror banana', 'command'),
  err('/compare Drama', 'right'),
  err('/predict movie budget 5 Q1', 'genre'),
  err('/explore language=klingon', 'language'),
  err('/predict genre=comdy type=podcast budget=12 quarter=Q0', 'genre', 'mediaType', 'budgetLevel', 'quarter'),
  err('explore constructor', 'command'),
  err('/explore __proto__', 'command'),
  err('/predict genre=toString', 'genre'),
  err('/compare "Qwxzv Plorth" vs "Barbie"', 'left'),
  err('/identify tv years 2030-2020', 'years'),
  err('/understand genre=blorp', 'genres'),
  err('/predict drama type=all', 'mediaType'),
  err('/forecast horizon=99', 'horizonMonths'),
  err('blorp zzz', 'question'),
  err('Is a tentpole superhero movie worth the risk next summer?', 'genre'),
  err('/explore movies years=abc', 'years'),
  err('/predict genre=Science Fiction type=movie budget=70 quarter=Q7', 'budgetLevel', 'quarter'),
  err('/explore hasOwnProperty', 'genres'),
  err('/predict genre=valueOf budget=constructor quarter=__proto__', 'genre', 'budgetLevel', 'quarter'),
  err('/predict horror banana budget 12', 'command', 'budgetLevel'),
  err('/explore horor years 2024-2010 language=klingon', 'genres', 'years', 'language'),
  err('/predict genre=westrn type=tv budget=15 quarter=Q3', 'genre', 'budgetLevel'),
  err('/identify comdy tv language=xyz', 'genres', 'language'),
  err('/compare "Openhimer 2" vs "Barbie"', 'left'),
];

export const CORPUS: readonly CorpusCase[] = [
  ...ISSUE_EXAMPLES,
  ...EXPLORE,
  ...UNDERSTAND,
  ...IDENTIFY,
  ...PREDICT,
  ...FORECAST,
  ...COMPARE,
  ...CLARIFY,
  ...ERRORS,
];

/** The year window a recency phrase stands for, counted back from the catalog's date. */
export function recentYears(recent: 'latest' | 'this-year', asOf: string): { yearFrom: number; yearTo: number } {
  const yearTo = Number(asOf.slice(0, 4));
  return { yearFrom: recent === 'this-year' ? yearTo : yearTo - 1, yearTo };
}

function matches(actual: Record<string, unknown>, expected: Record<string, unknown>): boolean {
  return Object.entries(expected).every(([k, v]) => JSON.stringify(actual[k]) === JSON.stringify(v));
}

/** Whether a parse result is the reading a case expects, and what was got instead (for messages). */
export function judge(c: CorpusCase, result: ParseResult, asOf: string): { ok: boolean; got: string } {
  const got =
    result.kind === 'intent'
      ? `${result.intent.stage} ${JSON.stringify(result.intent.params)}`
      : result.kind === 'clarify'
        ? `clarify [${result.readings.map((r) => r.command).join(' | ')}]`
        : `error [${result.field}] ${result.message}`;
  if ('clarify' in c) {
    const stages = result.kind === 'clarify' ? result.readings.map((r) => r.intent.stage) : [];
    return { ok: result.kind === 'clarify' && JSON.stringify([...stages].sort()) === JSON.stringify([...c.clarify].sort()), got };
  }
  if ('error' in c) return { ok: result.kind === 'error' && result.field === c.error.join(','), got };
  if (result.kind !== 'intent' || result.intent.stage !== c.stage) return { ok: false, got };
  const params = result.intent.params;
  const expected = { ...c.params, ...(c.recent ? recentYears(c.recent, asOf) : {}) };
  // A question without recency words must not get a window: years the case does not name stay unset.
  const years =
    c.recent || 'yearFrom' in (c.params ?? {}) || 'yearTo' in (c.params ?? {}) ? true : params.yearFrom === undefined && params.yearTo === undefined;
  return { ok: matches(params, expected) && years, got };
}
