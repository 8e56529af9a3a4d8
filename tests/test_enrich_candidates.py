"""Candidate partners: institution-like names that the gazetteer does not know yet."""

from __future__ import annotations

from pathlib import Path

import pytest

from kb.enrich import find_candidates
from kb.lexicon import Gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Students will study at the University of Kent next year.", ["University of Kent"]),
        ("A delegation from Kent State University visited.", ["Kent State University"]),
        ("Yesterday Ohio State University signed.", ["Ohio State University"]),
        ("Twelve Kent State University students came.", ["Kent State University"]),
        ("Students of Fulbright University Vietnam visited.", ["Fulbright University Vietnam"]),
        ("Kent State University Japan Center staff came.", ["Kent State University"]),
        ("Officials of the Embassy of Ireland came.", ["Embassy of Ireland"]),
        # Initials inside a name, in either script.
        (
            "The forum was co-organised with L.N. Gumilyov Eurasian National University.",
            ["L.N. Gumilyov Eurasian National University"],
        ),
        ("我校与波兰AGH科技大学签署合作协议。", ["AGH科技大学"]),
        # A place's first character is no pronoun (贵州, not 贵|州).
        ("我校与贵州师范大学签署合作协议。", ["贵州师范大学"]),
        # A verb of entering or of being seated is no part of the name after it.
        ("其中58人进入匹兹堡大学联合培养项目学习。", ["匹兹堡大学"]),
        ("联盟秘书处设在新疆医科大学。", ["新疆医科大学"]),
        # Nor is a verb of using, a pronoun, or a verb read with its preposition as one word.
        ("访问期间，她利用美国国家大气研究中心的设备开展模拟。", ["美国国家大气研究中心"]),
        ("主讲人曾任教于美国密歇根州立大学。", []),
        # Spanish and French articles inside a native name.
        ("We signed an MoU with Universidad de las Américas.", ["Universidad de las Américas"]),
        # A firm is named after its trade; a region's government is a body of its own.
        ("会议期间，我校与华为技术有限公司签署合作协议。", ["华为技术有限公司"]),
        ("论坛由宁夏回族自治区人民政府主办。", ["宁夏回族自治区人民政府"]),
        # A country of two words owns its consulate; a ministry says whose it is after "of".
        (
            "Officials of the New Zealand Consulate-General in Guangzhou attended.",
            ["New Zealand Consulate-General in Guangzhou"],
        ),
        (
            "It was opened by the Ministry of Science and Higher Education of Kazakhstan.",
            ["Ministry of Science and Higher Education of Kazakhstan"],
        ),
        # A royal's name in the possessive is part of the name, not its owner.
        (
            "The forum was co-hosted by King Mongkut's Institute of Technology Ladkrabang.",
            ["King Mongkut's Institute of Technology Ladkrabang"],
        ),
        (
            "Funding came from the Norwegian Directorate for Higher Education and Skills.",
            ["Norwegian Directorate for Higher Education and Skills"],
        ),
        # A bureau is a body; a region written after it with more words is no part of it.
        (
            "Officials of the Education and Youth Development Bureau of the Macao SAR "
            "Government came.",
            ["Education and Youth Development Bureau"],
        ),
        ("Photo: Illinois News Bureau", []),
        # Federations, councils and unions, with "of", "and" or a plural's possessive.
        (
            "Officials of the Federation of Trade Unions of the Republic of Kazakhstan came.",
            ["Federation of Trade Unions of the Republic of Kazakhstan"],
        ),
        (
            "The visit was funded by the Indian Council of Social Science Research.",
            ["Indian Council of Social Science Research"],
        ),
        (
            "It was co-organised with the International Transport Workers' Federation.",
            ["International Transport Workers' Federation"],
        ),
        # A ranking, a possessive's unit and generic bodies name no institution.
        ("It rose in the QS World University Rankings by Subject.", []),
        ("It was hosted by CULR's Institute of Labour Studies.", []),
        ("Staff of the State Council and the Student Union attended.", []),
        # A mission's seat is part of its name; a college's town is not.
        (
            "at the Consulate General of Japan in Shanghai",
            ["Consulate General of Japan in Shanghai"],
        ),
        ("a lecture at Bard College in New York", ["Bard College"]),
        ("我校学生赴英国约克圣约翰大学交流。", ["约克圣约翰大学"]),
        ("与江西财经大学签署协议", ["江西财经大学"]),
        ("山东管理学院代表团来访", ["山东管理学院"]),
        ("上海社会科学院研究员来访", ["上海社会科学院"]),
        ("北京劳动保障职业学院与我校合作", ["北京劳动保障职业学院"]),
        ("爱尔兰驻华大使馆官员", ["爱尔兰驻华大使馆"]),
        ("西班牙驻华使馆教育参赞应邀出席", ["西班牙驻华使馆"]),
        ("中国劳动关系研究院揭牌", ["中国劳动关系研究院"]),
        ("浙江省国际教育交流协会代表来访", ["浙江省国际教育交流协会"]),
        ("日本国际交流协会代表团来访", ["日本国际交流协会"]),
        (
            "A team from St. Petersburg State University of Economics came.",
            ["St. Petersburg State University of Economics"],
        ),
        (
            "Dr Lee of Goldsmiths, University of London, lectured.",
            ["Goldsmiths, University of London"],
        ),
        ("Students of Yale-NUS College visited.", ["Yale-NUS College"]),
        # Universities named in their own language, societies, foundations and firms.
        (
            "met the Rector of the Universidad Autónoma Metropolitana",
            ["Universidad Autónoma Metropolitana"],
        ),
        ("a lecture at the Université du Québec à Montréal.", ["Université du Québec à Montréal"]),
        ("teachers of Technische Hochschule Köln came", ["Technische Hochschule Köln"]),
        ("interns at Ford-Werke GmbH in Cologne", ["Ford-Werke GmbH"]),
        ("funded by the Fafo Research Foundation.", ["Fafo Research Foundation"]),
        (
            "the congress of the International Labour and Employment Relations Association",
            ["International Labour and Employment Relations Association"],
        ),
        (
            "The Leeds Trinity University and the Nuffield Foundation co-hosted it.",
            ["Leeds Trinity University", "Nuffield Foundation"],
        ),
        ("学生赴北京奔驰汽车有限公司实习", ["北京奔驰汽车有限公司"]),
        ("德国洪堡基金会资助", ["德国洪堡基金会"]),
        (
            "Officials from the Michigan Department of Agriculture and Rural Development came.",
            ["Michigan Department of Agriculture and Rural Development"],
        ),
        # A table's row: two spaces part its cells, and a name stays in its cell.
        (
            "4  Prof. David Chen  Curtin University  Australia  Geochronology  15-17 July",
            ["Curtin University"],
        ),
    ],
)
def test_finds_unknown_institutions(gazetteer: Gazetteer, text: str, expected: list[str]) -> None:
    assert find_candidates(text, gazetteer).names == expected


@pytest.mark.parametrize(
    "text",
    [
        "A visit to Peking University and the University of Melbourne.",
        "The Chinese University of Hong Kong, Shenzhen.",
        "我校与北京工商大学、澳大利亚莫纳什大学合作。",
        "北京大学国际关系学院",
        "我校劳动经济学院两名教师",
        "学校中医药学院也向国际学生开放实验室。",
        "现于卡尔加里大学攻读硕士学位的校友与同学们交流。",
        "他毕业后计划回国到阿迦汗大学医院实习。",
        "据国际干旱地区农业研究中心统计，阿拉伯国家人均水资源不足。",
        # A visitor's next stop.
        "代表团此行还将访问鲍曼国立技术大学。",
        # A known partner's units: in its possessive, after "of" it (named alone again),
        # after a comma.
        "She was a researcher at the National University of Singapore's Centre for Asian "
        "Legal Studies.",
        "They worked with the Institute of Atmospheric Physics of the Chinese Academy of "
        "Sciences, using the Institute of Atmospheric Physics' tower.",
        "Researchers of the Institute of Atmospheric Physics, Chinese Academy of Sciences came.",
        "Scholars from our Institute of Vocational Education.",
        "该大学与各学院",
        "大学生和学院",
        "留学生协会举办中秋活动",
        "学生摄影协会",
        "校友基金会捐赠",
        "The Alumni Association met.",
        "学生会和研究生联合会",
    ],
)
def test_skips_known_partners_our_units_and_generic_words(gazetteer: Gazetteer, text: str) -> None:
    assert find_candidates(text, gazetteer).names == []


def test_a_unit_named_as_ours_once_is_ours_throughout(gazetteer: Gazetteer) -> None:
    # Named after 本校 once, alone later; and the second unit of a list of ours.
    again = "本校社会科学院与日本京都大学合办研讨会。开幕式由社会科学院院长致辞。"
    assert find_candidates(again, gazetteer).names == []
    listed = "课程由本校文学院、社会科学院及商学院教授讲授。"
    assert find_candidates(listed, gazetteer).names == []
    # A unit of ours meeting another institution's unit: that institution is no unit of ours.
    meeting = "我校劳动经济学院与南澳大学商学院举行会谈。"
    assert find_candidates(meeting, gazetteer).names == ["南澳大学"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Two universities' names before the joint institute they run: the second is no
        # unit of the first.
        (
            "海南大学亚利桑那州立大学联合国际旅游学院举行开学典礼。美国亚利桑那州立大学副教务长出席。",
            ["亚利桑那州立大学"],
        ),
        (
            "The fellowship is funded by the Alexander von Humboldt Foundation.",
            ["Alexander von Humboldt Foundation"],
        ),
        # A founder of another institution, in a founding told; an organiser stays.
        ("工程师学院成立于2005年，由我校与法国里昂中央理工学院合作创办。", []),
        ("论坛由江苏省教育国际交流协会主办。", ["江苏省教育国际交流协会"]),
        # Someone's training and a body someone served on.
        ("The dean trained as a research fellow at the University of Texas at Dallas.", []),
        ("The speaker served on the Council of Economic Advisers.", []),
        # A venue that is no university, a source, an accrediting body, a donor to a
        # building, a strategy's name in quotes; a university where it was held stays.
        ("The ceremony was held at the Consulate-General of Ireland in Shanghai.", []),
        ("The project uses data published by the Norwegian Meteorological Institute.", []),
        ("The programme is accredited by the Institute of Food Science and Technology.", []),
        (
            "The building, which was funded in part by a donation from the Tencent Charity "
            "Foundation, opened.",
            [],
        ),
        ("副校长介绍了该校“全球大学”战略。", []),
        # The institutions a merger made one, a former name.
        ("该校由原太原机械学院和晋中师范学院合并组建，现有留学生300人。", []),
        (
            "The congress was held at Universiti Kebangsaan Malaysia.",
            ["Universiti Kebangsaan Malaysia"],
        ),
    ],
)
def test_names_joined_founders_and_posts(
    gazetteer: Gazetteer, text: str, expected: list[str]
) -> None:
    assert find_candidates(text, gazetteer).names == expected


def test_distinct_in_order(gazetteer: Gazetteer) -> None:
    text = "University of Kent; 江西财经大学; University of Kent; Embassy of Ireland"
    assert find_candidates(text, gazetteer).names == [
        "University of Kent",
        "江西财经大学",
        "Embassy of Ireland",
    ]


def test_a_shorter_form_of_a_name_in_the_same_text_is_that_name(gazetteer: Gazetteer) -> None:
    text = "日本的大原社会问题研究所所长来访。座谈中，社会问题研究所研究员介绍了日本劳动运动史。"
    assert find_candidates(text, gazetteer).names == ["大原社会问题研究所"]
    # A name that merely ends like another is still its own (both are listed).
    both = "山东管理学院与青岛管理学院的教师来访。"
    assert find_candidates(both, gazetteer).names == ["山东管理学院", "青岛管理学院"]
    # Named again after the full name, its proper part and its kind only.
    again = "古布金国立石油天然气大学代表团来访。双方商定，古布金大学将接收我校学生。"
    assert find_candidates(again, gazetteer).names == ["古布金国立石油天然气大学"]
    # Not before it: the short name first may be another institution.
    before = "古布金大学代表来访，古布金国立石油天然气大学校长致辞。"
    assert find_candidates(before, gazetteer).names == ["古布金大学", "古布金国立石油天然气大学"]


def test_contracted_names_are_the_institutions_they_contract(gazetteer: Gazetteer) -> None:
    # 首都经济贸易大学 is a bundled partner: its contracted name is no unknown institution.
    assert find_candidates("首都经贸大学教师来访。", gazetteer).names == []
    # 河北科大 is 河北科技大学, which the same article names in full.
    text = "河北科技大学代表团来访，河北科大国际教育学院院长介绍了留学生项目。"
    assert find_candidates(text, gazetteer).names == ["河北科技大学"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A unit named once after its known partner is that partner's unit throughout.
        ("悉尼大学商学院院长来访。座谈中，商学院院长介绍了情况。", []),
        ("新加坡国立大学李光前医学院代表来访。李光前医学院院长说……", []),
        ("Professor Li of the Institute of Marine Science at Monash University lectured.", []),
        # Someone's alma mater is no counterpart; the same institution as one is.
        ("Dr Grant, who graduated from Bowdoin College, joined our staff.", []),
        ("张教授毕业于卡迪夫城市大学，现任我校教师。", []),
        (
            "Bowdoin College sent six students. Dr Grant graduated from Bowdoin College.",
            ["Bowdoin College"],
        ),
        # A function word that segmentation glued to a name.
        ("美国西华盛顿大学代表团来访。团长曾任西华盛顿大学系主任。", ["西华盛顿大学"]),
        ("外籍教师、美国西华盛顿大学退休教授来校任教。", []),
        # A verb of entering before 学院 names no institution.
        ("要把国际学生培养纳入学院人才培养体系。", []),
        # A verb glued into a word before the name, a degree earned, a former employer.
        ("科尔博士本科毕业于西华盛顿大学，现任我校外籍教师。", []),
        ("她在英国卡迪夫城市大学获得博士学位。", []),
        ("She worked at the Max Planck Institute for the Study of Societies before.", []),
        # Units of an institution named before, and schools named for two disciplines.
        ("代表团访问铭传大学，与该校社会科学院负责人座谈。", ["铭传大学"]),
        ("马来亚大学经济与行政学院教授作报告。", []),
        (
            "The group spent three days at Lincoln University, which arranged visits to its "
            "Agribusiness Research Institute.",
            ["Lincoln University"],
        ),
        # A venue borrowed for an event (假座/假…舉行), and a known partner written in
        # traditional characters with its full official name.
        ("論壇假國立臺灣大學集思會議中心舉行。", []),
        ("研讨会假北京友谊宾馆举行，来自西华盛顿大学的学者参加。", ["西华盛顿大学"]),
        # Two names joined by "and the"; a numbered university.
        (
            "co-hosted by China University of Labor Relations and the Singapore University "
            "of Social Sciences",
            ["Singapore University of Social Sciences"],
        ),
        ("a lecturer of Université Lumière Lyon 2 spoke", ["Université Lumière Lyon 2"]),
        (
            "Hochschule für Wirtschaft und Recht Berlin",
            ["Hochschule für Wirtschaft und Recht Berlin"],
        ),
        # A society's purpose, a congress of unions, a country's own college, an embassy's
        # seat, a name given again without its place.
        (
            "Exchanges are funded by the Swedish Foundation for International Cooperation in "
            "Research and Higher Education (STINT).",
            ["Swedish Foundation for International Cooperation in Research and Higher Education"],
        ),
        (
            "Officials of the National Trades Union Congress came.",
            ["National Trades Union Congress"],
        ),
        ("The ILERA Asian Regional Congress was held in Hanoi.", []),
        ("a course at Singapore's Civil Service College (CSC)", ["Civil Service College"]),
        (
            "The Embassy of the Kingdom of Morocco in China hosted.",
            ["Embassy of the Kingdom of Morocco in China"],
        ),
        (
            "Hang Seng University students visit\nTwenty students from The Hang Seng "
            "University of Hong Kong (HSUHK) came.",
            ["Hang Seng University of Hong Kong"],
        ),
        # Government bodies of another country or region, but not a region, cadres, a head
        # of a bureau or figures cited.
        (
            "会见了坦桑尼亚职业安全与健康管理局局长和埃塞俄比亚劳动和技能部官员。",
            ["坦桑尼亚职业安全与健康管理局", "埃塞俄比亚劳动和技能部"],
        ),
        ("香港特別行政區政府教育局代表出席。", ["香港特别行政区政府教育局"]),
        ("美国中西部的高校；越南培养工会干部；报告引用瑞典统计局的数据。", []),
        # How a university is run names none alone; disciplines, "both schools", a unit of a
        # university named by its short form, and units on the byline are no institutions.
        ("该校是阿根廷规模最大的国立大学之一。", []),
        ("韩国全北国立大学代表团来访。", ["全北国立大学"]),
        ("厦门大学海洋与地球学院学生来访；两校工学院将合作；南大文学院教授讲座。", []),
        ("College of Petroleum Engineering (Associate Dean)", []),
        # A college or an institute named after a discipline alone is some university's;
        # one named with a place, a person or the world is an institution.
        ("我校机械工程学院与英国斯特拉斯克莱德大学合作。", ["斯特拉斯克莱德大学"]),
        ("他于2008年加入国际水稻研究所，在菲律宾洛斯巴尼奥斯总部工作。", ["国际水稻研究所"]),
        ("德国弗莱贝格工业大学矿产研究所、粉末冶金研究院教授来访。", ["弗莱贝格工业大学"]),
        ("两岸五所交通大学学生参加。", []),
        # The longest country in front, or none: 塔吉克|斯坦… is no name.
        ("塔吉克斯坦国立民族大学学者参会。", ["塔吉克斯坦国立民族大学"]),
        # English units: of a subject, of a known institution named first; not a name that
        # goes on as another institution's, nor a college a region names.
        ("Staff of the College of Natural Resources and Environment met them.", []),
        ("They visited the University of Edinburgh Institute and SUSTech Academy for X.", []),
        (
            "Teachers of Kyoto University of Foreign Studies came.",
            ["Kyoto University of Foreign Studies"],
        ),
        ("a lecture at the College of Europe in Bruges", ["College of Europe"]),
        # An event or a programme named after institutions is neither.
        (
            "the China-Africa University Forum, hosted by Zhejiang Normal University",
            ["Zhejiang Normal University"],
        ),
        ("They toured the Centre for Offshore Foundation Systems.", []),
        # A translation in brackets is the same institution; a number written out, a verb
        # of receiving, compounds of a discipline and mainland universities name none; a
        # foundation may bear a person's name.
        ("与英国赫瑞瓦特大学（Heriot-Watt University）签署协议。", ["赫瑞瓦特大学"]),
        ("Seventy-eight Duke Kunshan University students came.", []),
        ("論壇獲田家炳基金會資助。", ["田家炳基金会"]),
        ("通信工程学院教师参加；内地大学学生来访。", []),
        ("Members of the CityU Alumni Association came.", []),
        # A place word inside a name (东方), a verb of obtaining and a preposition glued
        # to a name's first character; a unit in someone's possessive (not a country's).
        ("塔什干国立东方大学是中亚历史最悠久的东方学机构。", ["塔什干国立东方大学"]),
        (
            "12名本科生赴星药科大学交流；学员获得帕多瓦大学颁发的证书。",
            ["星药科大学", "帕多瓦大学"],
        ),
        # ...but a foreign name after its country keeps the character: 于利希 (Jülich).
        ("代表团参观了德国于利希研究中心。", ["德国于利希研究中心"]),
        ("research through the university's Shenzhen Institute of Artificial Intelligence.", []),
        # A firm needs no place in its name; a fund does.
        ("学生赴京东方科技集团股份有限公司参观。", ["京东方科技集团股份有限公司"]),
        ("日本国际劳动财团代表团来访。", ["日本国际劳动财团"]),
        ("学生发展财团资助", []),
        # A university's name may close with its place, after "University" or "at"; its
        # people and parts are no place. A royal's possessive is part of a name.
        (
            "Dr Li of Otto Friedrich University Bamberg spoke.",
            ["Otto Friedrich University Bamberg"],
        ),
        ("She teaches at the University of Texas at Austin.", ["University of Texas at Austin"]),
        ("Xiamen Polytechnic University President Chen spoke.", ["Xiamen Polytechnic University"]),
        ("Staff of Queen's University Belfast came.", ["Queen's University Belfast"]),
        # A centre of a university named in its own language is that university.
        (
            "the Centre for Migration Studies of Universität Bielefeld",
            ["Universität Bielefeld"],
        ),
        # A college listed after a school named for a subject is one more unit.
        ("Students of its School of Physics and Zhiyuan College of Science came.", []),
        # A known partner's first word before "University" is its short name.
        ("Al-Farabi University hosted the forum.", []),
        # The hosts' units before 负责人; an alliance or a forum of universities; a unit of
        # a university named right after it, and alone later; a preposition glued in front.
        ("国际合作与交流处、侦查学院、治安学院负责人参加会见。", []),
        ("双方商定在中俄工科大学联盟框架下合作；海峡两岸大学校长论坛举行。", []),
        (
            "南京信息工程大学雷丁学院举行典礼。雷丁学院开设4个专业，课程由雷丁大学教师讲授。",
            ["南京信息工程大学", "雷丁大学"],
        ),
        # A society's country; a unit in someone's possessive, also named again alone; an
        # office listed after a college.
        (
            "It was co-organized with the Asia Pacific Foundation of Canada.",
            ["Asia Pacific Foundation of Canada"],
        ),
        (
            "It was run by the Munk School's Asian Institute. The Asian Institute's head spoke.",
            [],
        ),
        ("It was run by JLU's College of Education and the Office of International Affairs.", []),
        # Letters beyond Latin-1; a fragment with an unopened bracket; a forum named after
        # universities; a university hospital; a verb of visiting before a name.
        ("Scholars of Babeș-Bolyai University spoke.", ["Babeș-Bolyai University"]),
        ("中央党校(国家行政学院教授作报告。", []),
        ("Leaders met at the China-ASEAN University Presidents' Forum.", []),
        ("Doctors of Karolinska University Hospital came.", ["Karolinska University Hospital"]),
        ("营队安排学生参访逢甲大学。", ["逢甲大学"]),
        # A ministry of several portfolios is one country's; "Ministry of Education" alone
        # is anyone's. Embassies by their seat or their people.
        (
            "Officials of the Ministry of Education, Youth and Sport attended.",
            ["Ministry of Education, Youth and Sport"],
        ),
        ("A counsellor of the Chinese Embassy in Egypt attended.", ["Chinese Embassy in Egypt"]),
        (
            "An official of the Embassy of Japan in the Kingdom of Thailand came.",
            ["Embassy of Japan in the Kingdom of Thailand"],
        ),
        # Commissions, agencies, networks, organisations and secretariats, not an event's;
        # a name does not start with a gerund; China's national academies.
        (
            "It worked with the Mekong River Commission and the Swedish Polar Research "
            "Secretariat, not the Conference Secretariat.",
            ["Mekong River Commission", "Swedish Polar Research Secretariat"],
        ),
        ("The park joined the Global Geoparks Network.", ["Global Geoparks Network"]),
        ("Researchers of the Chinese Academy of Forestry came.", ["Chinese Academy of Forestry"]),
        # Research centres named for a place or a person, not one on a campus or hosted.
        ("德国基尔亥姆霍兹海洋研究中心专家参会。", ["德国基尔亥姆霍兹海洋研究中心"]),
        ("会议在鼓楼校区中美文化研究中心举行；林木育种国家工程研究中心承办。", []),
        # Names in their own language, companies by their legal form, German foundations
        # written as one word.
        ("Students of Tecnológico de Monterrey came.", ["Tecnológico de Monterrey"]),
        ("It signed with Erdenes Tavan Tolgoi JSC.", ["Erdenes Tavan Tolgoi JSC"]),
        ("The study is funded by the Hans-Böckler-Stiftung.", ["Hans-Böckler-Stiftung"]),
        # 签署 is no agency (…研究理事会签署); a past post ends a name on its left; a home
        # partner's full name with its city in front is that partner; "Joint" is generic.
        ("论坛期间，我校与南非人文科学研究理事会签署协议。", []),
        ("研究院院长曾任中国驻埃及大使馆参赞。", []),
        ("北京中国人民大学学者参会；上海复旦大学教授发言。", []),
        ("Graduates of the Joint Institute spoke.", []),
        # A state's or a province's department; a people's republic's embassy.
        (
            "Officials of the Queensland Department of Education met them.",
            ["Queensland Department of Education"],
        ),
        (
            "The Department of Science and Technology of Hubei Province funds it.",
            ["Department of Science and Technology of Hubei Province"],
        ),
        # A ministry of one portfolio with its country after it, an embassy by its
        # country's initials; a ministry of higher education (高等 is no particle); any
        # province's or city's body, whatever its portfolio.
        (
            "The Ministry of Higher Education of Malaysia sent officials.",
            ["Ministry of Higher Education of Malaysia"],
        ),
        ("The Ministry of Education of Foo sent officials.", []),
        (
            "Officials of the U.S. Consulate General in Shanghai attended.",
            ["U.S. Consulate General in Shanghai"],
        ),
        ("马来西亚高等教育部官员来访。", ["马来西亚高等教育部"]),
        ("云南省林业和草原局代表出席。", ["云南省林业和草原局"]),
        ("浙江省卫生健康委员会组织医生赴加拿大进修。", ["浙江省卫生健康委员会"]),
        ("该市的教育局派员参加。", []),
        # "&" inside what a society is for; a "-based" in front is no part of a name.
        (
            "The Foundation for Food & Agriculture Research funds the courses.",
            ["Foundation for Food & Agriculture Research"],
        ),
        ("The Boston-based Tufts University will send students.", ["Tufts University"]),
        # A society's institute is the society's.
        ("德国弗劳恩霍夫协会生产技术研究所专家来访。", ["德国弗劳恩霍夫协会"]),
        (
            "A counsellor of the Embassy of the People's Republic of China in the Kingdom of "
            "Belgium attended.",
            ["Embassy of the People's Republic of China in the Kingdom of Belgium"],
        ),
        (
            "The trial is run with the National Institutes of Health.",
            ["National Institutes of Health"],
        ),
        # A name cut short is the longer one; an institution a unit belongs to is not.
        (
            "Researchers of the Peter Doherty Institute for Infection and Immunity spoke; "
            "the Doherty Institute hosted.",
            ["Peter Doherty Institute for Infection and Immunity"],
        ),
        # A commission of a province.
        (
            "It was funded by the Health Commission of Guangdong Province.",
            ["Health Commission of Guangdong Province"],
        ),
        # A name the segmenter knows whole as an organisation's is proper.
        ("學者來自中央研究院。", ["中央研究院"]),
        ("澳門科技大學與中國空間技術研究院簽署協議。", ["中国空间技术研究院"]),
        # An ordinal inside a French university's name.
        ("我校与法国图卢兹第一大学签署协议。", ["图卢兹第一大学"]),
        ("会议由深圳市科技创新局支持。", ["深圳市科技创新局"]),
        # A province's or a city's government body, named with its place.
        ("会议由四川省教育厅主办。", ["四川省教育厅"]),
        ("学生走访了保定市人民政府外事办公室。", ["保定市人民政府外事办公室"]),
        # The funder of someone's own research, of a building, of a founding: in passing;
        # the funder of the project reported is a counterpart.
        ("Her own research on drought is funded by the Water Research Commission.", []),
        ("The lab, whose research on dementia is funded by the Swedish Research Council.", []),
        ("They saw a glasshouse, which was funded by the Grains Research Council.", []),
        ("It was founded in 2016 with the support of the Li Ka Shing Foundation.", []),
        ("The project is funded by the Swedish Research Council.", ["Swedish Research Council"]),
        # A faculty after a comma is no campus; "e" joins a Portuguese name.
        (
            "It was run by the Institute of Latin American Studies, Faculty of Philosophy.",
            ["Institute of Latin American Studies"],
        ),
        (
            "Teachers were trained by Instituto da Cooperação e da Língua.",
            ["Instituto da Cooperação e da Língua"],
        ),
        # A Confucius Institute alone is one of hundreds; its host university names it.
        ("代表团参观了孔子学院。", []),
        ("Students visited the Confucius Institute.", []),
    ],
)
def test_units_alma_maters_and_fragments(
    gazetteer: Gazetteer, text: str, expected: list[str]
) -> None:
    assert find_candidates(text, gazetteer).names == expected


def test_a_university_after_a_comma_is_no_campus(gazetteer: Gazetteer) -> None:
    text = "students of London College of Fashion, University of the Arts London"
    names = find_candidates(text, gazetteer).names
    assert "University of the Arts London" in names
    assert not any(name.endswith(", University") for name in names), names


def test_units_on_the_byline_are_our_own(gazetteer: Gazetteer) -> None:
    text = "与西华盛顿大学合作。\n供稿：粤港澳大湾区教育研究院　审核：国际合作与交流处"
    found = find_candidates(text, gazetteer)
    assert (found.names, found.own) == (["西华盛顿大学"], ["粤港澳大湾区教育研究院"])


def test_a_partner_added_to_the_file_is_no_longer_a_candidate(tmp_path: Path) -> None:
    text = "赴江西财经大学交流"
    assert find_candidates(text, Gazetteer.load()).names == ["江西财经大学"]
    path = tmp_path / "partners.toml"
    path.write_text('[[partner]]\nid = "jxufe"\nname = "JXUFE"\nname_zh = "江西财经大学"\n')
    assert find_candidates(text, Gazetteer.load(path)).names == []
