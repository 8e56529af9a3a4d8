"""Partner tags read the context of a name; an article's sections and framing count.

The sentences are written for these tests from the rules, not taken from the labelled sets.
"""

from __future__ import annotations

import pytest

from kb.enrich import Enricher, PartnerMatcher, TopicClassifier
from kb.enrich.sections import read_article, without_tail
from kb.lexicon import Gazetteer, Glossary, Taxonomy


@pytest.fixture(scope="module")
def matcher() -> PartnerMatcher:
    return PartnerMatcher(Gazetteer.load())


def ids(
    matcher: PartnerMatcher, text: str, owner: str | None = None, *, titled: bool = False
) -> list[str]:
    """The partners found in `text`; `titled`: its first line is the article's title."""
    title_end = text.index("\n") + 1 if titled else 0
    return [ref.id for ref in matcher.find(text, owner=owner, title_end=title_end)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A place, a qualifier or another institution on the left: another institution.
        ("代表团访问了维也纳外交学院。", []),
        ("赴莫斯科国立外交学院交流", []),
        ("北京大学国际关系学院教授来访", ["pku"]),
        ("我校教师赴康奈尔大学酒店与劳动关系学院研修", ["cornell"]),
        ("我校学生国际交流基金资助10名学生", []),
        ("西交利物浦大学代表来访", ["xjtlu"]),  # the longer name wins, not 利物浦大学
        # A point of the compass names another place's institution, beside the first.
        ("代表团访问了西悉尼大学", []),
        # A laboratory named after a ministry is not the ministry.
        ("代表团参观了先进材料教育部重点实验室", []),
        # A transliterated name before a middle dot goes on: 乔治·华盛顿大学 is another.
        ("与美国乔治·华盛顿大学学者座谈", []),
        ("代表团访问了悉尼大学和西悉尼大学", ["sydney"]),
        # A ministry in front runs the institution; it is not one of its units.
        ("俄罗斯外交部莫斯科国立国际关系学院代表团来访", ["mgimo"]),
        ("代表团访问了中央昆士兰大学", []),
        # A name the gazetteer writes with its country in brackets, as the news writes it.
        ("我校学生赴加拿大约克大学交流", ["york-ca"]),
        # A university town is a place.
        ("论坛在重庆大学城举行", []),
        # A country in front must be the partner's own.
        ("我校学生赴英国约克大学交流", ["york"]),
        ("我校学生赴澳大利亚约克大学交流", []),
        ("赴美国东北大学访问", []),
        # One text, one sense: the bare name later is the same other institution.
        ("赴美国东北大学访问。在东北大学期间，代表团参观了实验室。", []),
        # A verb, a conjunction between parties or punctuation leave the name as found.
        ("我校与外交学院签署协议", ["cfau"]),
        ("学校将与北京工商大学共同举办", ["btbu"]),
        ("北京大学学生与外交学院学生座谈", ["pku", "cfau"]),
        ("合作伙伴北京大学派员参会", ["pku"]),
    ],
)
def test_chinese_names_in_context(matcher: PartnerMatcher, text: str, expected: list[str]) -> None:
    assert ids(matcher, text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lecturers from Kyoto University of Foreign Studies arrived.", []),
        ("A scholar of Indiana University of Pennsylvania spoke.", []),
        # A campus written with "at" is the campus the gazetteer writes after a comma.
        ("A scholar from the University of California at San Diego spoke.", ["ucsd"]),
        # A place closing the name makes another university; a role after it does not.
        ("A lecturer of Queen's University Belfast spoke.", []),
        ("Queen's University Principal Deane spoke.", ["queens-ca"]),
        ("A survey with the Czech Academy of Sciences (CAS) began.", []),
        ("Staff of the Ministry of Education, Youth and Sports visited.", []),
        ("The University of Bath School of Management hosted the talks.", ["bath"]),
        ("Peking University and Tsinghua University signed.", ["pku", "tsinghua"]),
        # Headlines capitalise every word and are not read for continuations.
        ("University Of Sheffield Delegation Visits Beijing", ["sheffield"]),
    ],
)
def test_english_names_in_context(matcher: PartnerMatcher, text: str, expected: list[str]) -> None:
    assert ids(matcher, text) == expected


def test_generic_aliases_need_corroboration(matcher: PartnerMatcher) -> None:
    # 劳动关系学院 is the tail of 中国劳动关系学院: alone, any school of labour relations.
    assert ids(matcher, "与劳动关系学院座谈", owner="btbu") == []
    assert ids(matcher, "中国劳动关系学院代表团来访，劳动关系学院副院长介绍", owner="btbu") == [
        "culr"
    ]
    # A university's short abbreviation: many share it.
    assert ids(matcher, "Students from SCU arrived.") == []
    assert ids(matcher, "Sichuan University (SCU) hosted; SCU staff met us.") == ["scu"]
    # A foreign partner's country in the record corroborates its short name.
    assert ids(matcher, "赴澳门交流期间，代表团访问了澳大。", owner="btbu") == ["um"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("国际劳工组织代表团访问我校\n双方座谈。", ["ilo"]),
        ("青年就业论坛在我校举行\n代表们认为，应在东盟等区域合作框架下开展培训。", []),
        ("学校召开会议\n会议学习了教育部《来华留学生高等教育质量规范》。", []),
        ("Workshop on green jobs\nThe talks served the UN's Sustainable Development Goals.", []),
        # A region or a subject of study, a source of figures.
        ("留学生招生宣讲会举行\n学院面向东盟国家招收本科留学生。", []),
        ("Scholarships announced\nThey are open to graduates from ASEAN countries.", []),
        ("Wage report\nIt compares pay with data published by the World Bank and the OECD.", []),
        ("学校与东盟秘书处代表座谈\n双方就青年交流进行了会谈。", ["asean"]),
        ("Report launched\nOECD figures show that coverage fell.", []),
        ("Study begins\nIts data will come from World Bank and ILO statistics.", []),
        ("论坛举行\n论坛由广西大学与东盟工会理事会联合主办。", ["gxu"]),
        ("2023中国—东盟职业教育论坛举行\n论坛在南宁举行。", []),
        # The parent of the publisher, a source quoted, principles followed.
        ("学校简介\n本校是中华全国总工会所属的高等学校。", []),
        ("研讨会举行\n专家援引世界银行发布的数据指出，非正规就业仍在增加。", []),
        ("Safety rules\nThe firm manages driving in line with the ILO's principles.", []),
        # The maker of laws a lecture compares.
        ("讲座举行\n他将西班牙的规定与欧盟平台工作指令草案进行了比较。", []),
        ("Lecture held\nShe compared Spain's law with the EU directive on platform work.", []),
        ("欧盟代表团访问我校\n双方就联合研究进行了会谈。", ["eu"]),
        # A source drawn on, an instrument it issued, a parent, a body named after it.
        ("Conference held\nSpeakers drew on a recent OECD report on the self-employed.", []),
        ("Workshop held\nHe discussed the ILO's Maritime Labour Convention in ports.", []),
        ("About us\nAffiliated with the All-China Federation of Trade Unions, we teach.", []),
        ("工作计划\n依托上海合作组织大学项目开展合作。", []),
        ("Seminar held\nThe ILO and our school discussed the Convention on decent work.", ["ilo"]),
        # A region; an approval; a country's possessive says whose ministry it is.
        ("Admissions\nStudents from outside the EU make up 28% of new undergraduates.", []),
        ("Programme\nThe institute was approved by China's Ministry of Education in 2016.", []),
        ("Programme\nThe degree, which the Ministry of Education approved in 2016, began.", []),
        ("Lecture held\nOfficials of Singapore's Ministry of Education attended the talk.", []),
        ("Talks held\nOfficials of China's Ministry of Education met the delegation.", ["moe"]),
        # Its past, or another's; what it keeps or runs, named as a subject.
        ("学院举行毕业典礼\n学院创办初期曾获欧盟资助，现有学生六百人。", []),
        ("讲座举行\n研究院前身为联合国教科文组织水教育学院。", []),
        ("论坛举行\n他曾任国家教育署顾问，参与了经合组织国际学生评估项目的撰写。", []),
        ("书院保护研讨会举行\n学者介绍了列入联合国教科文组织世界遗产名录的书院。", []),
        ("Conference held\nHe used estimates from the World Bank's Enterprise Surveys.", []),
        ("Dialogue held\nSpeakers discussed WTO reform and debt restructuring.", []),
        ("Lecture held\nThe school was formerly a UNESCO institute for water education.", []),
        ("Meeting held\nThe teams will prepare a joint application to the NSFC.", []),
        ("学校与联合国教科文组织代表座谈\n双方曾于2019年签署合作协议。", ["unesco"]),
        # One of several polities in a list; an approval still to come.
        ("Dialogue held\nThey compared the strategies of the EU, Japan and Korea.", []),
        ("对话会举行\n双方比较了欧盟、日本和韩国的产业政策。", []),
        (
            "Renewal\nA new degree starts in 2025, subject to approval by China's Ministry of "
            "Education.",
            [],
        ),
        # An agency named after an organisation is another body, and so is a chamber.
        ("研修班举行\n联合国妇女署发布的报告显示，贫困女性仍占一成。", []),
        ("论坛举行\n中国欧盟商会的代表在会上发言。", []),
        # Recognised by a ministry; a decade the UN proclaimed, named as a frame.
        ("课程介绍\n本校华语中心为教育部认可的华语教学机构。", []),
        ("Forum held\nThe chair set out plans for the UN Decade of Ocean Science.", []),
        # A joint laboratory of the state (联合|国家重点实验室) is not the United Nations.
        ("代表团来访\n代表团参观了化学工程联合国家重点实验室。", []),
    ],
)
def test_organisations_named_as_a_frame_are_passing(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert ids(matcher, text, titled=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Once the longer name is given, the shorter one in the body is that institution.
        (
            "宁波诺丁汉大学代表来访\n宁波诺丁汉大学由诺丁汉大学与浙江万里学院合作举办。",
            ["nottingham-ningbo"],
        ),
        ("学生赴加拿大约克大学交流\n约克大学位于多伦多。", ["york-ca"]),
        # A title names what the article is about.
        ("诺丁汉大学副校长来访\n宁波诺丁汉大学执行校长陪同。", ["nottingham", "nottingham-ningbo"]),
    ],
)
def test_a_shorter_name_after_a_longer_one_is_the_longer_one(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert sorted(ids(matcher, text, "culr", titled=True)) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Founders of the institution reported on are its history, not counterparts.
        ("昆山杜克大学代表来访\n该校由美国杜克大学与武汉大学合作举办。", ["dku"]),
        (
            "Yale-NUS students visit\nStudents of Yale-NUS College came. The college was "
            "founded in 2011 by Yale University and the National University of Singapore.",
            [],
        ),
        # Two partners joined by a hyphen, without an institution after them.
        ("Workshop held\nThe CULR-BTBU workshop on labour law was held online.", ["btbu"]),
        # Named for what they do, founders are partners.
        (
            "Talks held\nYale University and the National University of Singapore sent staff.",
            ["yale", "nus"],
        ),
    ],
)
def test_founders_and_joint_institutions(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert ids(matcher, text, "culr", titled=True) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A person's alma mater or former employer is their past, not a counterpart.
        ("讲座举行\n主讲人博士毕业于北京大学，现任我校教授。", []),
        ("Lecture held\nProfessor Rao earned her PhD at Peking University.", []),
        ("讲座举行\n主讲人曾在国际劳工组织担任顾问。", []),
        # A former post, a stay abroad, two places named together, traditional characters.
        ("讲座举行\n格雷曾任新南威尔士大学商学院副院长，2019年加入我校。", []),
        (
            "Lecture held\nShe spent a year as a visiting fellow at the London School of "
            "Economics.",
            [],
        ),
        (
            "Lecture held\nBrooks, who was educated at Oberlin College and Yale University, spoke.",
            [],
        ),
        ("講座舉行\n主講人畢業於北京大學與清華大學。", []),
        ("讲座举行\n主讲人毕业于英国谢菲尔德大学。", []),
        # The next step of a life, a field studied, a postdoc, a former fellowship, where an
        # alumnus works now, where a speaker came from.
        ("活动举行\n带队教师本科毕业于我校社会工作专业，后赴中山大学攻读博士学位。", []),
        ("Lecture held\nShe studied law at Humboldt University of Berlin.", []),
        ("Visit\nThe Vice President did his postdoctoral training at Karolinska Institutet.", []),
        ("Workshop\nDr Liu, a former Princeton in Asia fellow, chaired.", []),
        ("Reunion\nZhou Lin, who now teaches accounting at Renmin University of China, came.", []),
        ("Workshop\nWang Lin, who moved to our school from Peking University, spoke.", []),
        # Where graduates went on to study, and someone's earlier post.
        ("毕业典礼举行\n毕业生录取院校包括北京大学、清华大学、复旦大学等。", []),
        ("毕业典礼举行\n97人被北京大学、清华大学等高校录取攻读硕士学位。", []),
        ("Graduation\nTwelve graduates were admitted to Peking University this year.", []),
        ("Fellows\nDr Zhao was previously a visiting scholar at Peking University.", []),
        ("Graduation\nMany have gone on to graduate study at Peking University.", []),
        ("毕业典礼\n毕业生代表将回到北京大学任教。", []),
        ("Renewal\nThe principal investigator, who trained at Peking University, spoke.", []),
        ("Programme\nOne student plans to apply to Peking University next year.", []),
        ("项目二十年\n不少人回国后在北京大学、复旦大学等高校任职。", []),
        # Every name of a list whose first is someone's next step; 考取 and 深造 too.
        ("Graduates\nThey went on to graduate study at Harvard, Peking University and Yale.", []),
        ("典礼举行\n15人考取北京大学、清华大学等高校的博士研究生。", []),
        ("典礼举行\n部分毕业生在北京大学继续深造。", []),
        ("典礼举行\n另有8名毕业生将赴北京大学、复旦大学等高校继续深造。", []),
        # A postdoc finished there, early years, teaching before the present post.
        ("讲座举行\n该教授早年在北京大学完成博士后研究，现任我校教授。", []),
        ("Lecture held\nShe taught for two years at Peking University before joining us.", []),
        # A name repeated in brackets is read as the name it repeats.
        (
            "Visit\nHe earned his PhD at the Korea Advanced Institute of Science and Technology "
            "(KAIST).",
            [],
        ),
        # An admission that is no graduate's: a body publishing the results of a programme.
        ("项目公布\n国家留学基金委公布公派研究生项目录取结果，我校3人入选。", ["csc"]),
        # Where someone taught, a post someone held, the posts alumni hold now.
        ("講座舉行\n該教授曾任教於比利時魯汶大學，現任教於本校。", []),
        (
            "Visit\nThe chemist was a postdoctoral researcher at the University of California, "
            "Berkeley.",
            [],
        ),
        (
            "Scholarships renewed\nAlumni now hold faculty posts at Chinese universities, "
            "including Tsinghua University, Zhejiang University and Peking University.",
            [],
        ),
        # A degree in a subject, a fellowship completed.
        ("Lecture held\nShe received her PhD in economics from Peking University.", []),
        ("Visit\nThe dean completed a fellowship at Peking University in 2003.", []),
        # Background: the publisher's other partnerships, an earlier project, a founding.
        (
            "Partnership renewed\nWe have similar strategic partnerships with Peking "
            "University and Tsinghua University.",
            [],
        ),
        (
            "Cohort graduates\nIt is one of three joint programmes we run in China; the others "
            "are with Zhejiang University and Renmin University of China.",
            [],
        ),
        ("Project launched\nIt builds on an earlier project with Xiamen University.", []),
        (
            "Agreement renewed\nThe university also runs joint programmes with Peking "
            "University and Zhejiang University.",
            [],
        ),
        (
            "MoU signed\nThe university was founded in 1905 and shares its origins with Peking "
            "University.",
            [],
        ),
        ("联合实验室揭牌\n学校此前已与日本立命馆大学签署合作协议。", []),
        # The rest of a foreign body's name is that body's unless it is of the same country.
        ("代表团来访\n俄罗斯外交部外交学院代表团访问我校。", []),
        ("代表团来访\n俄罗斯外交部莫斯科国立国际关系学院代表团访问我校。", ["mgimo"]),
        # A league table, a lineage shared, a merger to come, other universities around.
        (
            "Rankings published\nThe University of Oxford topped the World University Rankings. "
            "Tsinghua University and Peking University remain in the global top 20.",
            [],
        ),
        ("排行榜发布\n北京大学、清华大学位列亚洲前十。", []),
        ("代表团来访\n学校与北京交通大学、上海交通大学同根同源。", []),
        (
            "Workshop held\nTokyo Tech will merge with Kyoto University in October.",
            [],
        ),
        (
            "Institute launched\nOther Hong Kong universities in the region include the "
            "University of Hong Kong, which runs a hospital in Shenzhen.",
            [],
        ),
        (
            "Centre opened\nThe university already hosts a Confucius Institute run jointly with "
            "Lanzhou University.",
            [],
        ),
        # A stay told with its year; a graduate's next step.
        ("夏令营结营\n带队教师曾于2019年在北京大学访学。", []),
        ("实验室揭牌\n中方负责人早年获德国学术交流中心奖学金赴德攻读博士学位。", []),
        (
            "Symposium\nThe keynote was given by a professor who previously held a chair at "
            "the University of Melbourne.",
            [],
        ),
        (
            "Delegation visits Geneva\nThe delegation met alumni working at the World Trade "
            "Organization and the International Labour Organization.",
            [],
        ),
        (
            "Summer school ends\nOne graduate now works in the urban development team of the "
            "Asian Development Bank in Manila.",
            [],
        ),
        ("毕业典礼举行\n她毕业后将赴北京大学攻读博士学位。", []),
        # Other partners, institutions run jointly, a city's other universities, a former
        # name, a league table's followers, a fact about a set of universities.
        (
            "Project launched\nIts other partners in China include Tsinghua University.",
            [],
        ),
        (
            "Conference held\nSapienza also hosts a Confucius Institute run jointly with "
            "Beijing Foreign Studies University.",
            ["sapienza"],
        ),
        (
            "Doctorates awarded\nShenzhen is also home to Harbin Institute of Technology, "
            "Shenzhen.",
            [],
        ),
        ("合作协议续签\n苏州大学前身为1900年创办的东吴大学。", ["suda"]),
        # A joint institution's founding told with its year, a name after it or before.
        (
            "Forum held\nIts Confucius Institute, opened in 2009 with Lanzhou University, "
            "has taught 10,000 students.",
            [],
        ),
        (
            "Delegation visits\nThe two sides reviewed Xi'an Jiaotong-Liverpool University, "
            "the joint university they founded in 2006.",
            [],
        ),
        ("代表团来访\n学校与莫斯科国立大学合作举办的深圳北理莫斯科大学于2017年开学。", []),
        (
            "Dialogue held\nThe university's Confucius Institute, set up with Beijing Foreign "
            "Studies University in 2009, organised an evening.",
            [],
        ),
        (
            "Minutes\nBeijing Foreign Studies University is the only other Chinese university "
            "where the faculty teaches Czech.",
            [],
        ),
        (
            "Orientation held\nA student, who took a summer course at Seoul National University "
            "in 2023, spoke.",
            [],
        ),
        ("Dialogue held\nSpeakers discussed branch campuses in ASEAN.", []),
        # A body's report cited; ties told as the publisher's past or standing; alumni
        # teaching elsewhere; the other side's joint institute; decades ago.
        ("对话会举行\n联合国教科文组织的报告显示，全球职业教育需求增长。", []),
        ("代表团来访\n此前，我校已与中国医科大学、北京大学医学部等院校建立合作关系。", []),
        ("研讨会举行\n莫斯科大学与北京大学、清华大学等十余所中国高校签有校际合作协议。", []),
        ("研讨会举行\n其毕业生中有不少人在清华大学、西安交通大学等高校任教。", []),
        (
            "Linguistics week\nThe university runs a joint Sino-Russian Institute with "
            "Novosibirsk State University.",
            [],
        ),
        (
            "Students arrive\nIn the 1980s, the campus trained scientists from China "
            "Agricultural University.",
            [],
        ),
        # Members of one group, graduates' destinations, a founding by founders in a year.
        ("说明会举行\n该校与悉尼大学、墨尔本大学同为“八校联盟”成员。", []),
        (
            "Briefing held\nThe University of Sydney and the University of Melbourne are both "
            "members of the Group of Eight.",
            [],
        ),
        ("毕业典礼举行\n毕业生主要去向包括东京大学和早稻田大学。", []),
        ("年会举行\n联盟于2016年由中山大学、香港大学和澳门大学共同发起成立。", []),
        # An academy after our units is no unit of ours.
        ("座谈会举行\n代表团与我校生态环境学院、中国科学院青藏高原研究所的研究人员座谈。", ["cas"]),
        # Recent cooperation told as background at the end of a report.
        ("研习营开营\n近年来，学校与香港教育大学、澳门大学等高校合作开展教师培训。", []),
        ("代表团访问杭州\n学校近年已与北京大学、复旦大学建立联合实验室。", []),
        (
            "Camp opens\nIn recent years the university has worked with the University of "
            "Macau on teacher training.",
            [],
        ),
        # A visitor's other stops, before ours or after; the stops of our own trip count.
        ("代表团来访\n代表团此行还将访问浙江大学。", []),
        ("代表团来访\n此次来访是代表团中国之行的第二站，代表团此前访问了四川大学。", []),
        (
            "Delegation visits KTH\nThe delegation toured the lab before travelling on to "
            "Uppsala University the following day.",
            [],
        ),
        ("代表团出访\n我校代表团还将访问浙江大学。", ["zju"]),
        (
            "Rankings published\nMIT tops the table, followed by Stanford University.",
            [],
        ),
        (
            "Delegation visits\nMUST and the University of Macau are the two universities in "
            "Macao that offer law degrees.",
            [],
        ),
        # Someone's study, postdoc or next degree told with more words.
        (
            "Students arrive\nA student who studied Chinese for two years at Far Eastern "
            "Federal University spoke.",
            [],
        ),
        (
            "Kick-off held\nThe leader spent a postdoctoral year at Tsinghua University before "
            "joining RWTH. Its other partners include Tsinghua University.",
            ["rwth"],
        ),
        (
            "Profile\nHer co-founder studied at the University of Stuttgart and at ETH Zurich.",
            [],
        ),
        (
            "Programme turns 20\nA third of each class goes on to postgraduate study abroad, "
            "many at Imperial College London and University College London.",
            [],
        ),
        # What the other side also does, how many partners it counts, someone's post now,
        # graduates' studies to come, a summer spent there, a stay told with 早年曾于.
        (
            "MoU signed\nThe University of Lisbon also cooperates with Beijing Foreign Studies "
            "University.",
            ["ulisboa"],
        ),
        ("合作协议续签\n对方介绍，该校也与北京大学开展合作。", []),
        (
            "Delegation visits\nIt works with more than 200 universities, including Peking "
            "University.",
            [],
        ),
        (
            "Anniversary\nA graduate of its first cohort, now a professor at Tsinghua "
            "University, spoke.",
            [],
        ),
        (
            "Graduation held\nThe graduates will continue their studies, some here and others "
            "at universities including the University of Michigan and Delft University of "
            "Technology.",
            [],
        ),
        (
            "Profile\nShe spent a summer as an exchange student at the National University "
            "of Singapore.",
            [],
        ),
        ("暑期研习\n带队教师早年曾于北京大学访学。", []),
        # Our units in a list, there and named again alone.
        (
            "暑期学校开班\n课程由我校经济学院、法学院、国际关系学院教师讲授。国际关系学院教师表示。",
            [],
        ),
        (
            "Workshop held\nOne speaker, a former Humboldt Research Fellow at RWTH Aachen "
            "University, presented work on concrete.",
            [],
        ),
        (
            "Students arrive\nGuangxi is a destination for ASEAN students, with Guangxi "
            "University among the largest hosts.",
            [],
        ),
        # An organisation standing for its member countries, in the title too.
        ("东盟青年学生夏令营在我校闭营\n来自泰国、越南的学生参加活动。", []),
        ("ASEAN–China workshop held\nExperts from Thailand and Viet Nam took part.", []),
        ("论坛开幕\n中国与东盟山水相连，大湾区高校与东盟高校合作前景广阔。", []),
        ("暑期学校结业\n学校在东盟框架下拓展合作，与东盟十国高校交流。", []),
        # Filing with a regulator names the regulator, not a counterpart.
        ("纪要\n由我校按程序报教育部备案。", []),
        # Guidance and approval: the regulator, in the title too.
        ("工作总结\n2024年，在教育部和自治区教育厅的指导下，学校国际交流稳步推进。", []),
        ("我校中外合作办学项目获教育部批准\n项目明年招生。", []),
        # An agency named after the organisation, in traditional characters too.
        ("課程介紹\n本校與聯合國旅遊組織專家座談。", []),
        ("Forum opens\nChina and ASEAN universities met in Nanning.", []),
        # A longer name in French is another institution.
        (
            "Agreement signed\nHEC Montréal and École Polytechnique de Montréal are its schools.",
            [],
        ),
        # The host's units in a list whose heads attend (国际关系学院 is also a university).
        ("代表团来访\n国际合作部、外国语学院、国际关系学院、燕京学堂负责人参加会见。", []),
        ("座谈会举行\n北京师范大学、中国人民大学负责人参加座谈。", ["bnu", "ruc"]),
        # A speaker of another event to come.
        ("Lecture held\nThe next lecture, on 17 April, will be given by a scholar from Yale.", []),
        ("讲座举行\n下一讲将由北京大学教授主讲。", []),
        # A counterpart named beside someone's past is still one.
        ("Lecture held\nBrooks, who studied at Yale, met Peking University staff.", ["pku"]),
        # The same institution named for what it does now is one.
        ("讲座举行\n主讲人毕业于北京大学。北京大学与我校签署了协议。", ["pku"]),
        # Students on exchange study at their hosts now.
        (
            "交换生出发\n本学期我校18名学生赴台交换，分别就读于台湾政治大学和淡江大学。",
            ["nccu", "tku"],
        ),
        # A province before a foreign name makes another institution, named again alone.
        (
            "签约仪式举行\n我校与广东以色列理工学院签署协议。广东以色列理工学院由汕头大学与"
            "以色列理工学院合作创办，其副校长表示，以色列理工学院经验丰富。",
            [],
        ),
        # A city's university students; the next meeting's venue; others' standing ties.
        ("招生启动\n招生宣传面向全上海大学生。", []),
        ("年会举行\n联盟高校代表参会。2025年年会将在香港理工大学举行。", []),
        ("协议签署\n我校与新加坡高校已有多个学生交流项目，包括新加坡国立大学。", []),
        ("纪要\n该校2023年与圣彼得堡国立大学合办了双学位项目。", []),
        ("座谈会举行\n学校每年还组织学生赴台湾政治大学交流。", []),
        ("协议签署\n南洋理工学院与南洋理工大学是两所不同的学校。", []),
        # Someone's former post; a region and China; a body of its universities; a compact.
        (
            "Symposium held\nThe keynote was given by a dean, formerly a professor at the "
            "Hong Kong University of Science and Technology.",
            [],
        ),
        ("Forum held\nASEAN and China share rivers and forests.", []),
        ("Forum held\nThe ASEAN University Network co-organised it.", []),
        ("Forum held\nASEAN, home to 700 million people, imports food.", []),
        ("Dialogue held\nIt followed the UN's Global Compact for Migration.", []),
        # A body that acts before a framing word takes part; a department named after a
        # portfolio is the body's; the republic's full name in front is its country.
        ("论坛举行\n外交部政策规划司有关负责人出席开幕式并致辞。", ["mfa"]),
        ("年度回顾\n与德国艾伯特基金会联合举办第十三届中德社会政策对话。", ["fes"]),
        ("培训班开班\n培训班获中华人民共和国科学技术部项目资助。", ["most"]),
        ("论坛举行\n会议在上海合作组织框架下举行。", []),
        # A form misread once still names its partner with the partner's country in front.
        (
            "代表团出访\n代表团走访英国贝尔法斯特女王大学和加拿大女王大学。",
            ["queens-ca"],
        ),
    ],
)
def test_someones_past_is_not_a_partner(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert ids(matcher, text, "culr", titled=True) == expected


def test_a_school_the_page_gives_as_the_publishers_is_its_own(matcher: PartnerMatcher) -> None:
    # 国际关系学院 is also a university's name; on Peking University's site, once the page
    # writes 北京大学国际关系学院, the title's 国际关系学院 is that school too.
    text = "国际关系学院与莫斯科国立国际关系学院签署备忘录\n北京大学国际关系学院院长出席。"
    assert ids(matcher, text, "pku", titled=True) == ["mgimo"]
    alone = text.replace("北京大学国际关系学院", "学院")
    assert ids(matcher, alone, "pku", titled=True) == ["uir", "mgimo"]


def test_a_plan_names_targets_not_partners(matcher: PartnerMatcher) -> None:
    text = (
        "2025年国际交流工作要点\n一、拓展与谢菲尔德哈勒姆大学、莫纳什大学等重点合作院校的合作。\n"
        "二、推动与国际劳工组织共建培训基地。\n三、2024年与早稻田大学续签了交流协议。"
    )
    title_end = text.index("\n") + 1
    found = matcher.find_with_mentions(text, "culr", title_end, plan=True)[0]
    assert [p.id for p in found] == ["waseda"]
    # The same clauses in a news report: only the examples of an aim are goals.
    found = matcher.find_with_mentions(text, "culr", title_end)[0]
    assert [p.id for p in found] == ["ilo", "waseda"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("学校召开国际化工作会\n会议提出，争取与国际劳工组织等国际组织共建实训基地。", []),
        ("工作要点\n着力拓展与华威大学等海外高水平大学的合作。", []),
        ("Strategy adopted\nThe school will seek partners such as the University of Warwick.", []),
        ("Review\nThe office will work to place interns at bodies such as the ILO.", []),
        # Examples after a comma belong to the clause before it.
        (
            "Priorities\n4. expand cooperation with international organisations, including "
            "UNESCO and the World Health Organization.",
            [],
        ),
        # A report of what happened or is decided names real counterparts.
        ("签约仪式\n我校与国际劳工组织等国际组织签署了合作备忘录。", ["ilo"]),
        ("学生获资助\n他们将赴华威大学等高校攻读硕士学位。", ["warwick"]),
        # A unit of the publisher that ends like a ministry's name.
        ("培训班开班\n由我校继续教育部主办的培训班今天开班。", []),
    ],
)
def test_examples_of_a_goal_are_not_partners(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert ids(matcher, text, "culr", titled=True) == expected


def test_related_news_and_bylines_are_not_the_article() -> None:
    body = (
        "5月10日，我校与北京工商大学举行座谈，双方就学生交流、教师互访等议题交换了意见。\n"
        "（国际交流与合作处）\n相关新闻\n莫纳什大学代表团来访 2021-04-08\n"
        "上一篇：澳门大学代表团来访"
    )
    assert without_tail(body).endswith("（国际交流与合作处）\n")
    enricher = Enricher.from_files(None, None)
    got = enricher.enrich(title="座谈", body=body, lang="zh", published="2021-05-11", owner="culr")
    assert [p.id for p in got.partners] == ["btbu"]
    english = (
        "CULR and BTBU staff met on 10 May to discuss exchanges of teachers and students.\n"
        "Related stories\n- Monash University visits CULR"
    )
    assert "Monash" not in without_tail(english)
    assert "Monash" not in without_tail(english.replace("stories", "press releases"))
    # A news site writes one related headline on the line of its heading.
    inline = english.replace("Related stories\n- ", "Related: ")
    assert "Monash" not in without_tail(inline)
    # A heading in brackets, a bare "Related", or headlines marked as links with no heading.
    assert "莫纳什" not in without_tail(body.replace("相关新闻", "【相关新闻】"))
    assert "Monash" not in without_tail(english.replace("Related stories", "Related"))
    marked = english.replace("Related stories\n- ", "▶ ") + "\n▶ Waseda renews exchange\n"
    assert without_tail(marked) == english.split("Related")[0]
    # ...but a marked line inside the article, or a body of marked lines only, stays.
    inside = "▶ Students of Monash University arrived.\n" + english.split("Related")[0]
    assert without_tail(inside) == inside
    assert without_tail("▶ 莫纳什大学\n▶ 早稻田大学\n") == "▶ 莫纳什大学\n▶ 早稻田大学\n"
    assert "Monash" not in without_tail(english.replace("Related stories", "Upcoming events"))


def test_attachments_count_only_for_a_notice() -> None:
    listing = "1. 莫纳什大学暑期课程\n2. 早稻田大学暑期项目"
    notice = read_article("关于暑期项目的通知", "各学院：\n项目详情见附件。", listing)
    assert notice.attachment == listing
    report = read_article(
        "学校召开国际学生管理工作会",
        "9月18日，学校召开国际学生趋同化管理工作推进会。" * 8 + "\n名单见附件。",
        listing,
    )
    assert report.attachment == ""


@pytest.fixture(scope="module")
def classifier() -> TopicClassifier:
    taxonomy = Taxonomy.load()
    return TopicClassifier(taxonomy, Glossary.load(None, taxonomy.topics))


def test_a_plan_keeps_what_its_title_names(classifier: TopicClassifier) -> None:
    body = (
        "2025年，国际交流合作处将围绕“十五五”规划，重点做好以下工作：\n"
        "一、签署校际合作协议5项；二、举办国际学术研讨会2场；三、选派交换生赴境外学习；"
        "四、扩大来华留学生规模；五、接待外国代表团来访。"
    )
    assert classifier.classify("国际合作交流处2025年工作要点", body, "zh") == ["planning"]
    titled = classifier.classify("2025年来华留学工作要点", body, "zh")
    assert titled == ["foreign_students", "planning"]


@pytest.mark.parametrize(
    "title",
    [
        "国际交流与合作处2023年工作总结",
        "International office sets out priorities for 2022",
        "International office reviews 2024 and sets goals for 2025",
    ],
)
def test_summaries_and_priorities_are_plans(classifier: TopicClassifier, title: str) -> None:
    body = (
        "The office hosted delegations, signed agreements with partner universities and sent "
        "students on exchange programmes; it will hold an international conference."
    )
    assert classifier.classify(title, body, "en" if title.isascii() else "zh") == ["planning"]


@pytest.mark.parametrize(
    "target",
    [
        "- Partnerships: work towards a training base with the ILO.",
        "- prepare a Sino-foreign cooperative programme with the University of Leeds;",
        "- 筹备与谢菲尔德大学的联合学院；",
        "积极对接联合国教科文组织相关教育项目。",
        "积极参与联合国开发计划署在高原牧区的项目。",
        "依托清华大学对口支援，联合举办国际学术会议。",
    ],
)
def test_a_plan_works_towards_targets(matcher: PartnerMatcher, target: str) -> None:
    text = f"Priorities for 2022\n{target}"
    title_end = text.index("\n") + 1
    assert matcher.find_with_mentions(text, "culr", title_end, plan=True)[0] == []


def test_paraphrases_come_from_the_glossary(classifier: TopicClassifier) -> None:
    # No keyword of online_meeting; "视频连线" is a glossary form of the video-conference concept.
    body = "6月8日，双方通过视频连线举行会谈，回顾了合作情况。"
    assert "online_meeting" in classifier.classify("两校举行会谈", body, "zh")
    without = TopicClassifier(Taxonomy.load())
    assert "online_meeting" not in without.classify(
        "两校举行会谈", body.replace("视频连线", "电话"), "zh"
    )


def test_listed_and_intended_topics_weigh_less(classifier: TopicClassifier) -> None:
    lead = "3月5日，墨尔本大学代表团访问我校，双方就合作事宜进行会谈。"
    closing = "\n双方表示，今后将在联合研究、学生交流、合作办学等方面加强合作。"
    topics = classifier.classify("墨尔本大学代表团来访", lead + closing, "zh")
    assert topics == ["delegation_visit"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A venue inside an institution is where something was held.
        ("研讨会举行\n研讨会在北京大学中关新园举行，专家出席。", []),
        ("研讨会举行\n我校与北京大学在北京大学举行研讨会。", ["pku"]),
        # A degree earned and work done before are a person's past.
        ("教师来校\n他在伦敦政治经济学院获得博士学位。", []),
        ("讲座\n教授结合自己在联合国开发计划署工作的经历作了分享。", []),
        # A short alias inside an institution's name.
        ("调研\n河北经贸大学一行来我校调研。", []),
        # A work named after an institution; an agreement names its parties.
        ("研讨会\n一位发言者援引《哈佛商业评论》的文章。", []),
        ("Workshop\nMany journals use the Harvard referencing style.", []),
        ("签约\n双方签署《中国劳动关系学院与北京大学合作协议》。", ["pku"]),
        # A unit named after another partner refers back from there on, not before.
        ("研讨会\n外交学院、美国乔治城大学外交学院的专家参会。", ["cfau", "georgetown"]),
        ("来访\n牛津大学三一学院院长来访，三一学院将接收交换生。", ["oxford"]),
    ],
)
def test_venues_pasts_and_names_inside_names(
    matcher: PartnerMatcher, text: str, expected: list[str]
) -> None:
    assert ids(matcher, text, "culr", titled=True) == expected


@pytest.mark.parametrize(
    ("text", "owner", "expected"),
    [
        # A name written out again after "of"/"at" is its own institution, though it was
        # read inside a longer one first; a graduate's alma mater stays a person's past.
        ("Seminar held\nThe Autonomous University of Barcelona and CULR met online. Dr. Vidal "
         "of the University of Barcelona spoke.", "culr", ["ub"]),
        ("Seminar held\nThe Autonomous University of Barcelona and CULR met online.", "culr", []),
        ("Teachers arrive\nThey teach at Nagoya University of Foreign Studies; its president, "
         "a graduate of Nagoya University, came too.", None, []),
        # An event named after two institutions does not make either another institution.
        ("Kyoto University and National Taiwan University hold symposium\nThe fifth Kyoto "
         "University–National Taiwan University Symposium was held.", "kyoto", ["ntu-tw"]),
        # A Taiwan national university as its own pages write it.
        ("論壇舉行\n與本校及國立陽明交通大學的師生共約200人參加。", "nthu", ["nycu"]),
    ],
)  # fmt: skip
def test_a_name_read_inside_another_may_still_name_its_own(
    matcher: PartnerMatcher, text: str, owner: str | None, expected: list[str]
) -> None:
    assert ids(matcher, text, owner, titled=True) == expected


def test_a_country_in_the_possessive_says_where_the_institution_is(
    matcher: PartnerMatcher,
) -> None:
    text = "Agreement signed\nHanyang University and China's Tianjin University signed it."
    assert ids(matcher, text, titled=True) == ["hanyang", "tju"]


def test_a_ranking_without_a_word_of_cooperation_has_no_partners() -> None:
    enricher = Enricher.from_files(None, None)
    body = (
        "Tsinghua University is the top university in Asia for the sixth year in a row, "
        "ahead of Peking University and the National University of Singapore."
    )
    got = enricher.enrich(
        title="Asia University Rankings 2025: Tsinghua keeps top spot", body=body, lang="en",
        published="2025-04-29", owner=None,
    )  # fmt: skip
    assert got.partners == []
    got = enricher.enrich(
        title="Tsinghua keeps top spot", body=body, lang="en", published="2025-04-29",
        owner=None,
    )  # fmt: skip
    assert got.partners != []


def test_a_contest_without_a_word_of_cooperation_keeps_only_its_titled_partners() -> None:
    enricher = Enricher.from_files(None, None)
    body = (
        "Our women's eight finished fourth in the regatta on Saturday. The crew finished "
        "behind Stanford University and Yale University, and ahead of Harvard."
    )
    got = enricher.enrich(
        title="Women's eight finishes fourth", body=body, lang="en", published="2024-10-22",
        owner="queens-ca",
    )  # fmt: skip
    assert got.partners == []
    # Without a contest, names in a record without cooperation words stay counterparts.
    report = "A report prepared by our school and Yale University was launched on Saturday."
    got = enricher.enrich(
        title="Report launched", body=report, lang="en", published="2024-10-22",
        owner="queens-ca",
    )  # fmt: skip
    assert [p.id for p in got.partners] == ["yale"]
    # A few stray words of cooperation ("交流") do not make a championship a counterpart's:
    # not even with teams from Hong Kong and Macao, which for a mainland page are across a
    # boundary.
    race = (
        "6月8日至9日，第十届大学生龙舟锦标赛在佛山顺德举行。我校龙舟队获得混合200米直道竞速"
        "第一名、男子200米直道竞速第二名和女子500米直道竞速第三名，创历史最好成绩。\n"
        "本届锦标赛共有62所高校参赛，香港中文大学、澳门大学龙舟队应邀参加表演赛。"
        "男子200米决赛中，我校队伍与华南理工大学展开激烈争夺，最终获得亚军。赛后各队进行了交流。"
    )
    got = enricher.enrich(
        title="我校龙舟队获佳绩", body=race, lang="zh", published="2024-06-10", owner="zju"
    )
    assert got.partners == []


def test_initials_with_a_unit_after_name_a_university(matcher: PartnerMatcher) -> None:
    # Three letters alone need the partner's country named; a unit after them says that
    # a university is meant.
    text = "Summer school\nFilm students from the USC School of Cinematic Arts took part."
    assert ids(matcher, text, "bfa", titled=True) == ["usc"]
    alone = "Summer school\nFilm students from USC took part."
    assert ids(matcher, alone, "bfa", titled=True) == []
    # The publisher's own initials are "we" (MSU on Michigan State University's site).
    ours = (
        "MSU Today\nChina Agricultural University signed an MoU with the MSU College of "
        "Veterinary Medicine."
    )
    assert ids(matcher, ours, "msu-us", titled=True) == ["cau"]
