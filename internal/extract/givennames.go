package extract

// givenNames are common first names in the copy of international
// agencies, written by the team (lower case). A capitalised word pair
// starting with one is taken for a person's name without a title or a
// quote: "Jason Little", "Owen Finegan".
var givenNames = set(`aaron|abdul|abdullah|adam|adrian|ahmed|ahmad|aiko|akira|alain|alan|albert|alberto|alejandro|aleksandr|alessandro|alex|alexander|
	alexandre|alexei|alexey|alfred|alfredo|ali|alice|alicia|alison|amanda|amir|amy|ana|anatoly|anders|andre|andrea|andreas|andrei|andrew|andrey|
	andres|andrzej|angela|angelo|ann|anna|anne|annie|anthony|antoine|anton|antonio|arnold|arthur|ashley|bernard|bernd|bill|
	barbara|barry|ben|benjamin|bernardo|bertrand|bob|bobby|boris|brad|brendan|brett|brian|bruce|bruno|bryan|carl|carla|carlo|carlos|carmen|
	carol|caroline|catherine|charles|charlie|chen|chris|christian|christina|christine|christopher|claire|claude|claudia|claudio|colin|craig|
	dan|daniel|daniela|danny|darren|dave|david|dean|denis|dennis|derek|diana|diego|dieter|dmitry|dmitri|dominic|don|donald|donna|doug|douglas|
	dusan|eddie|edgar|eduardo|edward|elena|elizabeth|emil|emilio|emma|enrique|eric|erik|ernesto|eugene|evgeny|fabio|federico|felipe|felix|
	fernando|filip|francesco|francis|francisco|franco|frank|franz|fred|frederic|frederick|gabriel|gary|geoff|geoffrey|george|georg|
	gerald|gerard|gerhard|giovanni|giuseppe|glenn|gordon|graham|greg|gregory|guido|gunter|gustavo|guy|hans|harald|harold|harry|hassan|
	heinz|helen|helmut|henri|henrik|henry|herbert|hiroshi|hugh|hugo|hussein|ian|igor|ibrahim|ilya|ingrid|ioan|irina|isaac|ivan|jack|jacques|
	jaime|james|jan|jane|janet|jason|javier|jean|jeff|jeffrey|jennifer|jens|jeremy|jerome|jerry|jesse|jessica|jim|jimmy|joachim|joan|joao|
	joe|johan|johann|johannes|john|johnny|jon|jonathan|jorge|jose|josef|joseph|juan|julia|julian|julie|julio|jurgen|justin|karel|karen|
	karin|karl|kate|katherine|kathy|keith|ken|kenneth|kevin|khalid|kim|klaus|konstantin|kurt|lars|laura|laurent|lee|leo|leon|leonid|linda|
	lisa|liu|lorenzo|louis|luc|luca|lucas|luis|luiz|lukas|magnus|manuel|marc|marcel|marco|marcos|marcus|margaret|maria|marie|mario|mark|
	marko|martin|mary|massimo|mathias|matt|matthew|matthias|maurice|max|maxim|mehmet|michael|michel|michele|michelle|miguel|mikhail|mike|
	milan|mohamed|mohammad|mohammed|muhammad|nancy|natalia|nathan|neil|nelson|nicholas|nick|nicola|nicolas|niels|nigel|nikolai|nikolay|
	noel|norman|olaf|oleg|oliver|olivier|omar|oscar|owen|pablo|pascal|patricia|patrick|paul|paula|paulo|pavel|pedro|per|peter|petr|phil|
	philip|philippe|pierre|piotr|rafael|ralph|ramon|raul|ray|raymond|rebecca|reinhard|rene|ricardo|richard|rick|ricky|robert|roberto|robin|
	roger|roland|roman|ron|ronald|rosa|ross|ruben|rudolf|russell|ryan|said|salvatore|sam|samuel|sandra|sanjay|sara|sarah|sean|sebastian|
	serge|sergei|sergey|sergio|shane|sharon|shinzo|simon|sophie|stefan|stefano|stephen|stephane|steve|steven|stuart|susan|sven|taro|ted|
	terry|thomas|tim|timothy|tom|tommy|tony|tracy|ulrich|valentina|valery|vasily|victor|viktor|vincent|vitaly|vladimir|walter|wayne|wei|
	werner|william|willie|wolfgang|yasser|yevgeny|yuri|yury|zoran|jens|ole|nils|bjorn|jorgen|mats|stig|tomas|jiri|vaclav|ladislav|zbigniew|
	krzysztof|tadeusz|janusz|gyula|laszlo|istvan|mihai|ion|gheorghe|nicolae|dimitar|georgi|nikos|yannis|costas|ahmet|mustafa|recep|yitzhak|
	benjamin|shimon|ehud|moshe|nelson|thabo|jacob|kofi|olusegun|hosni|hafez|bashar|saddam|yoshiro|ryutaro|junichiro|keizo|kim|jiang|li|zhu|
	hu|deng|lee|goh|mahathir|anwar|suharto|fidel|raul|hugo|carlos|ernesto|evo|dilma|luiz|alvaro|andres|inacio|ehsan|gholam|akbar|hashemi`)
