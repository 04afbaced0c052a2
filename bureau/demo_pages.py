"""The demo bureau pages' copy, in both languages (loaded by demo.py)."""

DOMAIN = "hangzhou-mice.example.org"
TOOLKIT = "planners-toolkit"

# The pages, in menu order: slug, placement, tags (one set for both
# languages, in English as the demo venues' and events' are), and per
# language (title, summary, body). Bodies use a light markup (see
# demo.block_html); [label](page:slug) links to another bureau page.
PAGES = [
    {
        "slug": "why-hangzhou",
        "in_navigation": True,
        "tags": ["Hangzhou", "MICE", "association meetings"],
        "en": (
            "Why Hangzhou",
            """
            A city of more than 12 million people an hour from Shanghai, with
            leading universities, a digital economy that delegates want to see,
            three UNESCO World Heritage sites and the venues of the G20 Summit
            and the Asian Games.
            """,
            """
            Associations meet where their subject is alive, where delegates
            can visit the laboratories, hospitals and companies they read
            about, and where local members are proud to host. For a growing
            number of fields, that place is Hangzhou.

            ## Knowledge that matches your field

            - **Digital economy and computing**: the home of Alibaba and its
              DAMO Academy, and of companies in e-commerce, cloud computing,
              artificial intelligence and video technology.
            - **Life sciences and medicine**: the teaching hospitals of
              Zhejiang University, the life sciences research of Westlake
              University and a growing biomedicine industry.
            - **Tea and agriculture**: Longjing tea grows in the hills west of
              the lake; the Tea Research Institute of the Chinese Academy of
              Agricultural Sciences and the China National Rice Research
              Institute are both in Hangzhou.
            - **Traditional Chinese medicine**: Zhejiang Chinese Medical
              University, and the Hu Qing Yu Tang pharmacy, founded in 1874,
              now a museum as well as a working pharmacy.

            ## Universities and research

            Zhejiang University is one of China's leading research
            universities; Westlake University, founded in 2018, is a
            research university with a focus on basic science. When the
            bureau presented the city at its 2019 “Hangzhou PLUS” roadshow,
            Hangzhou had ranked first in China for net talent inflow three
            years running and held 51,213 invention patents.

            Our 53 Hangzhou Convention Ambassadors, leading figures of the
            city's academic circles, help associations of their fields bring
            congresses here, and often chair the local host committee.

            ## Easy to reach

            Hangzhou Xiaoshan International Airport connects the city with
            most of China's major cities and with destinations in Asia and
            beyond. High-speed trains reach Shanghai in about an hour and
            Beijing in under five hours. Nationals of many countries can
            enter China without a visa for a short stay or in transit: see
            [Getting here](page:getting-here).

            ## Hotels for every budget

            Association delegates travel on very different budgets. Hangzhou
            offers international hotel brands, Chinese hotel groups,
            business hotels near the convention districts and resorts by
            West Lake and Xianghu Lake, so a congress of several thousand
            delegates can be housed within easy reach of its venue.

            ## A proven host

            - The G20 Leaders' Summit met in Hangzhou in 2016, at the
              Hangzhou International Expo Center.
            - The 19th Asian Games were held in Hangzhou in 2023. The venues,
              transport links and volunteer services built for them now serve
              congresses and events.
            - Three UNESCO World Heritage sites, the West Lake Cultural
              Landscape, the Grand Canal and the Archaeological Ruins of
              Liangzhu City, make memorable settings for social programmes
              and technical visits.

            ## Next step

            Tell us about your congress and we will put together a proposal
            for your association: see [Bid support](page:bid-support), or
            [contact us](page:contact).
            """,
        ),
        "zh-hans": (
            "为什么选择杭州",
            """
            杭州常住人口超过 1200 万，乘高铁到上海约 1 小时。这里高校和科研机构
            云集，数字经济活跃，拥有三处世界遗产，G20 峰会和亚运会留下的场馆
            设施完善，是举办协会会议的理想城市。
            """,
            """
            协会会议往往选择学科发展活跃的城市：参会代表可以实地走访相关的
            实验室、医院和企业，本地会员也以承办会议为荣。越来越多学科的协会
            把目光投向杭州。

            ## 学科资源与协会对口

            - **数字经济与计算机**：阿里巴巴及其达摩院总部所在地，电子商务、
              云计算、人工智能、视频技术等领域企业集聚。
            - **生命科学与医学**：浙江大学各附属医院、西湖大学的生命科学研究，
              以及快速发展的生物医药产业。
            - **茶学与农业**：西湖龙井产自西湖西面的群山；中国农业科学院茶叶
              研究所和中国水稻研究所均设在杭州。
            - **中医药**：浙江中医药大学，以及创建于 1874 年的胡庆余堂，
              至今既是博物馆，也是仍在营业的国药号。

            ## 高校与科研力量

            浙江大学是国内一流的研究型大学；西湖大学于 2018 年获批设立，
            是一所聚焦基础研究的新型研究型大学。2019 年“杭州 PLUS”会展路演
            推介时，杭州人才净流入率已连续三年位居全国第一，拥有发明专利
            51,213 件。

            53 位杭州会议大使均为本地学术界的领军人物，他们帮助所在学科的
            协会把会议引进杭州，并常常牵头组建本地组委会。

            ## 交通便捷

            杭州萧山国际机场通达国内主要城市以及亚洲等地。乘高铁到上海约
            1 小时，到北京最快不到 5 小时。许多国家的公民可免签短期入境或过境，
            详见[抵达杭州](page:getting-here)。

            ## 住宿选择丰富

            参会代表的差旅预算各不相同。杭州既有国际品牌酒店和国内酒店集团，
            也有会展区周边的商务酒店，以及西湖、湘湖畔的度假酒店，数千人
            规模的大会也能在会场附近安排住宿。

            ## 大型活动经验丰富

            - 2016 年，二十国集团领导人峰会在杭州国际博览中心举行。
            - 2023 年，第 19 届亚运会在杭州举办。为亚运会建设的场馆、交通和
              志愿服务体系，如今服务于各类会议和活动。
            - 杭州西湖文化景观、中国大运河、良渚古城遗址三处世界遗产，是安排
              会间活动和专业考察的难忘之选。

            ## 下一步

            欢迎介绍您的会议情况，我们将为协会量身制定方案。
            请参阅[申办支持](page:bid-support)，或直接[联系我们](page:contact)。
            """,
        ),
    },
    {
        "slug": "bid-support",
        "tags": ["association meetings", "MICE"],
        "en": (
            "Bid support",
            """
            We help associations and their local hosts bid for congresses in
            Hangzhou: bid documents and letters of support, site inspections,
            introductions to convention ambassadors, venue and hotel holds,
            and financial support under the city's rules. Our help is free of
            charge.
            """,
            """
            Winning a congress takes a strong local host, a convincing bid and
            a destination that delivers. Our International Meeting Bidding
            Service Center works with you on all three, from the first idea
            to the vote.

            ## Who we work with

            International and national associations, their members in
            Hangzhou who will host the meeting, and the professional congress
            organisers (PCOs) who bid on their behalf. Tell us early: many
            associations choose their destinations three to six years ahead.

            ## What we do

            - **Bid documents**: destination information, facts, figures and
              photographs in English and Chinese, written to your bid
              manual's requirements.
            - **Letters of support**: from the bureau and, where your bid
              calls for one, from the city government.
            - **Site inspections**: we plan and host the visit of your board
              or evaluation committee, covering venues, hotels, transport and
              the social programme.
            - **Ambassador introductions**: we put you in touch with
              Hangzhou Convention Ambassadors in your field, who can lead the
              local host committee.
            - **Venue and hotel holds**: we ask venues and hotels to hold
              dates and rooms for your bid, and collect their proposals so
              you can compare them.
            - **Bid presentation**: we help prepare your presentation to the
              association's board or general assembly, and can attend it.

            ## Financial support (subvention)

            Under the city's rules, qualifying international and national
            meetings held in Hangzhou can receive financial support. The
            criteria, such as the number of delegates from abroad and the
            length of the meeting, and the amounts are set by the city and
            reviewed from time to time: ask us for the current rules before
            you build them into your budget.

            ## After you win

            Our support continues: promoting Hangzhou at the previous edition
            of your congress, introductions to local suppliers, welcome desks
            at the airport and the railway stations, and a city welcome for
            your delegates.

            ## How to start

            Send us your bid manual or request for proposals, the dates you
            have in mind and the expected number of delegates:
            [contact us](page:contact).
            """,
        ),
        "zh-hans": (
            "申办支持",
            """
            我们为申办在杭举办会议的协会及本地承办单位提供全程支持：编制申办
            材料、出具支持函、组织考察踩线、对接会议大使、协调会场和酒店预留，
            并按照本市政策提供会议资助。以上服务均免费提供。
            """,
            """
            成功申办一场会议，离不开有实力的本地承办单位、有说服力的申办材料
            和值得信赖的举办城市。国际会议申办服务中心从最初的设想到最终投票，
            全程与您并肩。

            ## 服务对象

            国际性和全国性协会、学会，在杭承办会议的会员单位，以及代表其申办
            的专业会议组织者（PCO）。协会通常提前三到六年确定举办地，建议
            尽早与我们联系。

            ## 服务内容

            - **申办材料**：按照申办手册的要求，提供中英文城市介绍、数据和
              图片资料。
            - **支持函**：由我局出具；申办有要求的，协调市政府出具。
            - **考察踩线**：为协会理事会或评估委员会安排实地考察，涵盖会场、
              酒店、交通和会间活动。
            - **对接会议大使**：推荐相关学科的杭州会议大使，由其牵头组建本地
              组委会。
            - **会场和酒店预留**：协调会场和酒店为申办预留档期和客房，汇总各方
              方案供比选。
            - **申办陈述**：协助准备向协会理事会或会员大会所作的申办陈述，
              必要时派员出席。

            ## 会议资助政策

            符合条件的国际性和全国性会议在杭举办，可按照本市有关政策申请资助。
            资助条件（如境外参会代表人数、会期等）和标准由市里制定并适时调整，
            编制会议预算前，请向我们咨询现行政策。

            ## 申办成功之后

            我们的服务不会停止：在上一届会议上推介杭州，对接本地服务供应商，
            在机场和火车站设置接待台，并为参会代表送上城市礼遇。

            ## 如何开始

            请将申办手册或征集方案、意向日期和预计参会人数发给我们：
            [联系我们](page:contact)。
            """,
        ),
    },
    {
        "slug": "getting-here",
        "tags": ["Hangzhou", "MICE"],
        "en": (
            "Getting here",
            """
            Hangzhou Xiaoshan International Airport, two high-speed rail hubs
            with fast trains to Shanghai and Beijing, a metro that reaches the
            airport and both stations, and visa-free transit or entry for
            nationals of many countries.
            """,
            """
            ## By air

            Hangzhou Xiaoshan International Airport (HGH) lies about 30 km
            east of West Lake. It has flights to most of China's major
            cities and international routes in Asia and beyond; delegates
            from further away can connect through Shanghai, Beijing,
            Guangzhou, Hong Kong or other hubs.

            From Shanghai Hongqiao Airport, high-speed trains from the
            adjoining Hongqiao railway station reach Hangzhou in about an
            hour.

            ## By high-speed rail

            - **Hangzhou East** is the city's main high-speed station, with
              frequent trains to Shanghai Hongqiao (about an hour), Beijing
              (under five hours on the fastest trains) and cities across
              China.
            - **Hangzhou West**, opened in 2022, is close to Future Sci-Tech
              City and the research campuses in the west of the city.
            - **Hangzhou Station**, in the city centre near West Lake, has
              high-speed and conventional trains.

            ## Around the city

            The metro links the airport, Hangzhou East, Hangzhou West, the
            city centre and the main convention districts. Taxis are easy to
            find and ride-hailing apps are widely used. International
            visitors can link foreign bank cards to Alipay or WeChat Pay,
            which are accepted almost everywhere, the metro included.

            For large congresses we recommend transfer companies and arrange
            welcome desks at the airport and the railway stations.

            ## Visas

            - **Visa-free transit**: nationals of many countries travelling
              on to a third country can enter without a visa, for a limited
              number of days, through designated ports, among them Hangzhou
              Xiaoshan International Airport.
            - **Visa-free entry**: China currently lets nationals of a number
              of countries enter without a visa for short stays, including
              for business and exchanges.
            - **Port visas**: in urgent cases, some travellers can obtain a
              visa on arrival at the airport, applied for in advance through
              the inviting organisation.
            - **Letters of invitation**: the host organisation issues them to
              delegates who need a visa; we can advise on the process.

            Visa rules change. Before you advise your delegates, check the
            current rules with the Chinese embassy or consulate or on the
            website of China's National Immigration Administration.
            """,
        ),
        "zh-hans": (
            "抵达杭州",
            """
            杭州萧山国际机场，杭州东站、杭州西站两大高铁枢纽，往返上海、北京
            便捷；地铁直达机场和火车站；许多国家的公民可免签入境或过境。
            """,
            """
            ## 航空

            杭州萧山国际机场（HGH）距西湖约 30 公里，通达国内主要城市，并开通
            亚洲等地的国际航线；远道而来的参会代表也可经上海、北京、广州、
            香港等枢纽中转。

            从上海虹桥机场出发，可在相邻的虹桥火车站乘高铁，约 1 小时抵达
            杭州。

            ## 高铁

            - **杭州东站**：杭州的主要高铁枢纽，开往上海虹桥（约 1 小时）、
              北京（最快不到 5 小时）以及全国各地的列车班次密集。
            - **杭州西站**：2022 年启用，靠近未来科技城和城西的高校、科研院所。
            - **杭州站**：即“城站”，位于市中心，临近西湖，有高铁和普速列车。

            ## 市内交通

            地铁连通机场、杭州东站、杭州西站、市中心和主要会展区域。出租车
            招手即停，网约车使用普遍。境外参会代表可将境外银行卡绑定支付宝或
            微信支付，乘地铁、购物几乎都能使用。

            大型会议可由我们推荐接送服务商，并协调在机场和火车站设置接待台。

            ## 签证

            - **过境免签**：许多国家的公民经中国前往第三国时，可从包括杭州萧山
              国际机场在内的指定口岸免签入境，并停留一定天数。
            - **免签入境**：中国目前对部分国家公民实行短期免签入境政策，可用于
              商务、交流等活动。
            - **口岸签证**：因紧急事由来不及办理签证的，部分人员可在机场申办
              口岸签证，须由邀请单位提前申请。
            - **邀请函**：需要办理签证的参会代表，由主办单位出具邀请函；具体
              流程可向我们咨询。

            签证政策时有调整。通知参会代表前，请向中国驻外使领馆或国家移民
            管理局网站核实最新规定。
            """,
        ),
    },
    {
        "slug": TOOLKIT,
        "tags": ["MICE", "association meetings"],
        "en": (
            "Planner's toolkit",
            """
            Documents for your bid and your planning: a fact sheet on Hangzhou
            for association congresses, and a workbook of meeting rooms with
            their areas and capacities.
            """,
            """
            ## In the toolkit

            - **Fact sheet** (PDF, in English): Hangzhou's case for
              association congresses on two pages: access, the knowledge
              sectors that match associations, the city's record as a host
              and what the bureau does for your bid. Use it in your bid
              documents or your board papers.
            - **Meeting rooms and capacities** (Excel workbook, in English
              and Chinese): every meeting room of the venues on this site,
              with its area and its capacity in theatre, classroom, banquet
              and reception layouts. Sort and filter it to find rooms for
              plenaries, parallel sessions and the gala dinner.

            ## More on request

            We also provide high-resolution photographs and video of the city
            for your promotion, city maps, model letters of support, a
            template programme for site inspections, and lists of PCOs,
            destination management companies (DMCs) and suppliers.
            [Ask us](page:contact).

            ## Good to know

            The capacities come from the venues. A stage, screens or catering
            stations reduce them, so confirm the numbers for your set-up with
            the venue.

            This is a demo site: the venues in the workbook are fictitious.
            """,
        ),
        "zh-hans": (
            "会议策划工具包",
            """
            供申办和筹备会议下载使用的资料：杭州协会会议城市简介，以及会议室
            面积和容量一览表。
            """,
            """
            ## 工具包内容

            - **城市简介**（PDF，英文）：用两页篇幅介绍杭州举办协会会议的优势，
              包括交通、与协会对口的学科和产业资源、大型活动经验，以及我局
              提供的申办服务，可直接用于申办材料或提交理事会的文件。
            - **会议室容量表**（Excel，中英双语）：本网站所列会场的全部会议室，
              含面积及剧院式、课桌式、宴会式、酒会式容量，可排序、筛选，方便为
              全体大会、分会场和欢迎晚宴挑选场地。

            ## 更多资料

            我们还可提供城市高清图片和视频、城市地图、支持函范本、考察踩线
            日程模板，以及专业会议组织者（PCO）、目的地管理公司（DMC）和服务
            供应商名录，欢迎[联系我们](page:contact)索取。

            ## 使用提示

            容量数据由各会场提供。舞台、屏幕、餐台等布置会减少实际容量，具体
            方案请与会场确认。

            本网站为演示网站，容量表中的会场均为虚构。
            """,
        ),
    },
    {
        "slug": "case-studies",
        "tags": ["association meetings", "Hangzhou"],
        "en": (
            "Case studies",
            """
            How the bureau helped three associations bring their meetings to
            Hangzhou: a materials science forum, a tea science symposium and a
            digital health congress. These are invented examples for the demo
            site.
            """,
            """
            *These case studies are fictitious: the congresses, associations,
            venues and figures were invented for the demo site.*

            ## Demo Asian Materials Forum 2025

            **About 1,200 delegates · 2025 · Qiantang Demo International Expo
            Centre**

            Professor Chen Shifan, a Hangzhou Convention Ambassador, proposed
            Hangzhou to the Demo Materials Science Society of China and
            chaired the local host committee.

            - We wrote the destination chapters of the bid and obtained a
              letter of support from the city.
            - We hosted a two-day site inspection for the society's board,
              with visits to university laboratories.
            - We secured holds on the expo centre and on about 900 rooms in
              three hotels nearby.
            - The forum received financial support under the city's rules.

            ## Demo World Tea Science Symposium 2026

            **About 450 delegates expected · 2026 · West Lake Demo Grand
            Hotel**

            Led by Dr Lin Yanshi, the Demo Tea Science Society of China won
            the right to host the symposium against two other cities.

            - We prepared the bid presentation with the society and attended
              it.
            - We planned technical visits to the tea gardens of Longjing and
              to tea research institutes.
            - We are arranging the welcome reception at a lakeside venue.

            ## Demo Digital Health Congress 2024

            **About 800 delegates · 2024 · Zijingang Demo Academic Conference
            Centre**

            A PCO bidding for a demo international association asked us for a
            campus venue with an 800-seat auditorium.

            - We proposed the academic conference centre and held its
              auditorium and seminar rooms.
            - We introduced speakers from local hospitals and digital health
              companies, and arranged site visits for delegates.
            - We organised shuttle buses between the hotels and the campus,
              and advised on letters of invitation for visas.
            """,
        ),
        "zh-hans": (
            "成功案例",
            """
            我局协助协会将材料科学论坛、茶学研讨会和数字健康大会引进杭州的
            三个案例。本页案例均为演示网站虚构。
            """,
            """
            *以下案例均为演示网站虚构，会议、协会、会场名称及相关数据均非真实。*

            ## 2025 亚洲材料论坛（演示）

            **约 1200 名代表 · 2025 年 · 钱塘国际博览中心（演示）**

            杭州会议大使陈示范教授向中国材料科学学会（演示）推荐杭州，并担任
            本地组委会主席。

            - 撰写申办材料中的城市介绍部分，协调市政府出具支持函。
            - 为学会理事会安排为期两天的考察踩线，并参观高校实验室。
            - 为会议预留博览中心场地，并在周边三家酒店预留约 900 间客房。
            - 论坛按照本市政策获得会议资助。

            ## 2026 世界茶学研讨会（演示）

            **预计约 450 名代表 · 2026 年 · 西湖大酒店（演示）**

            在林演示博士的带领下，中国茶学学会（演示）在与另外两座城市的竞争
            中胜出，获得研讨会举办权。

            - 与学会共同准备申办陈述，并派员出席。
            - 策划龙井茶园和茶叶科研院所的专业考察。
            - 正在协调在西湖边的特色场地举办欢迎酒会。

            ## 2024 数字健康大会（演示）

            **约 800 名代表 · 2024 年 · 紫金港学术会议中心（演示）**

            一家专业会议组织者（PCO）代表某国际协会（演示）申办，希望找到一处
            拥有 800 座报告厅的高校会场。

            - 推荐紫金港学术会议中心，并为会议预留报告厅和研讨室。
            - 邀请本地医院和数字健康企业的专家作报告，并安排参会代表实地参观。
            - 组织酒店与校区之间的接驳班车，就签证邀请函办理提供咨询。
            """,
        ),
    },
    {
        "slug": "about-the-bureau",
        "tags": ["MICE", "Hangzhou", "roadshow"],
        "en": (
            "About the bureau",
            """
            The Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism
            promotes Hangzhou as a destination for meetings, through its
            convention office, the International Meeting Bidding Service
            Center, 53 convention ambassadors and roadshows across China.
            """,
            """
            The Hangzhou Municipal Bureau of Culture, Radio, TV and Tourism is
            the city government's department for culture, broadcasting and
            tourism. Its Meetings and Conventions Office is Hangzhou's
            convention bureau: a neutral, non-commercial point of contact for
            associations, PCOs and meeting organisers.

            ## What we do

            - Promote Hangzhou to international and national associations
              and to the PCOs who work for them.
            - Run the International Meeting Bidding Service Center, which
              supports bids from the first enquiry to the vote.
            - Lead the Hangzhou Convention Ambassadors programme.
            - Bring planners together with the city's venues, hotels and
              suppliers, without favouring any of them.

            ## The Hangzhou Convention Ambassadors

            53 Hangzhou Convention Ambassadors, drawn from the city's
            universities, research institutes and hospitals, use their
            standing in their fields to bring congresses to Hangzhou. We
            support them at every step, from the first conversation with
            their association to the opening ceremony.

            ## Roadshows

            With our “Hangzhou PLUS” roadshows we take the city to the
            planners. In Beijing, representatives of 60 associations and
            societies met 30 PCOs specialising in association meetings and
            18 Hangzhou conference companies and hotels. We also present
            Hangzhou at industry events in China and abroad.

            ## Working with us

            Our services are free of charge. We treat your enquiry in
            confidence and share your requirements with venues and suppliers
            only with your agreement. [Contact us](page:contact).
            """,
        ),
        "zh-hans": (
            "关于我们",
            """
            杭州市文化广电旅游局通过会议与会展办公室、国际会议申办服务中心、
            53 位会议大使以及在全国各地举办的路演，推介杭州这一会议目的地。
            """,
            """
            杭州市文化广电旅游局是杭州市政府主管文化、广播电视和旅游工作的
            部门。局会议与会展办公室承担城市会议促进机构的职能，为协会、专业
            会议组织者（PCO）和会议主办方提供中立、非营利的一站式服务。

            ## 主要职能

            - 面向国际性和全国性协会及为其服务的专业会议组织者推介杭州。
            - 运营国际会议申办服务中心，为会议申办提供从初步咨询到投票的全程
              服务。
            - 牵头实施杭州会议大使计划。
            - 为会议策划者对接本市会场、酒店和服务供应商，不偏向任何一家。

            ## 杭州会议大使

            53 位杭州会议大使来自本市高校、科研院所和医院，他们凭借在各自
            学科的影响力，把会议引进杭州。从与协会的初步沟通到大会开幕，我们
            全程为会议大使提供支持。

            ## 会展路演

            我们通过“杭州 PLUS”会展路演把杭州带到会议策划者身边。在北京站
            路演中，60 家协会和学会的代表与 30 家专注协会会议的专业会议组织者，
            以及 18 家杭州会议公司和酒店进行了交流。我们也在国内外的行业活动中
            推介杭州。

            ## 与我们合作

            我们的服务均免费提供。您的咨询内容将予以保密，未经您同意，不会向
            会场和供应商提供您的需求信息。欢迎[联系我们](page:contact)。
            """,
        ),
    },
    {
        "slug": "contact",
        "in_navigation": True,
        "shows_contact": True,
        "tags": ["MICE", "association meetings"],
        "en": (
            "Contact",
            """
            Write to us with your meeting's details and we will reply within
            two working days. Our help with bids, site inspections and
            planning is free of charge.
            """,
            f"""
            Send meeting enquiries to
            [meetings@{DOMAIN}](mailto:meetings@{DOMAIN}), or call us during
            office hours. We answer in English or Chinese.

            ## What to include in your enquiry

            - The association and the meeting, and how it rotates (regions,
              years).
            - Preferred dates or months, and how flexible they are.
            - The expected number of delegates, and how many from outside
              mainland China.
            - The programme: plenaries, parallel sessions, exhibition,
              posters, social events.
            - The decision: the bid deadline, and who chooses the destination
              and when.
            - Your role: association staff, local host or PCO.

            ## What happens next

            We read every enquiry and name
            one person to look after your meeting. We share your requirements
            with venues and hotels only with your agreement.

            For questions about your personal data, write to
            [privacy@{DOMAIN}](mailto:privacy@{DOMAIN}).
            """,
        ),
        "zh-hans": (
            "联系我们",
            """
            请将会议基本情况发送给我们，我们将在两个工作日内答复。申办、考察
            踩线和会议筹备等服务均免费提供。
            """,
            f"""
            会议咨询请发送邮件至 [meetings@{DOMAIN}](mailto:meetings@{DOMAIN})，
            或在办公时间致电。
            我们可使用中文或英文沟通。

            ## 咨询时请提供

            - 协会及会议名称，会议的轮换规律（地区、周期）。
            - 意向日期或月份，以及可调整的范围。
            - 预计参会人数，其中境外代表人数。
            - 会议日程安排：全体大会、分会场、展览、墙报、社交活动等。
            - 决策流程：申办截止日期，由谁、何时确定举办地。
            - 您的身份：协会工作人员、本地承办单位或专业会议组织者（PCO）。

            ## 后续流程

            我们会认真阅读每一份咨询，并指定专人跟进您的会议。
            未经您同意，我们不会向会场和酒店提供您的需求信息。

            如对个人信息处理有疑问，请发送邮件至
            [privacy@{DOMAIN}](mailto:privacy@{DOMAIN})。
            """,
        ),
    },
]
