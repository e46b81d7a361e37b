/**
 * IRC numeric replies under their spec names (modern.ircdocs.horse "Numerics", ircv3.net SASL numerics),
 * and the standard trailing text of each numeric whose text is fixed. Pure constants.
 */

// Registration (modern.ircdocs "Connection Registration").
export const RPL_WELCOME = '001';
export const RPL_YOURHOST = '002';
export const RPL_CREATED = '003';
export const RPL_MYINFO = '004';
export const RPL_ISUPPORT = '005';

export const RPL_UMODEIS = '221';

// LUSERS.
export const RPL_LUSERCLIENT = '251';
export const RPL_LUSEROP = '252';
export const RPL_LUSERUNKNOWN = '253';
export const RPL_LUSERCHANNELS = '254';
export const RPL_LUSERME = '255';
export const RPL_LOCALUSERS = '265';
export const RPL_GLOBALUSERS = '266';

// AWAY, USERHOST, ISON.
export const RPL_AWAY = '301';
export const RPL_USERHOST = '302';
export const RPL_ISON = '303';
export const RPL_UNAWAY = '305';
export const RPL_NOWAWAY = '306';

// WHOIS / WHOWAS.
export const RPL_WHOISBOT = '335';
export const RPL_WHOISUSER = '311';
export const RPL_WHOISSERVER = '312';
export const RPL_WHOISOPERATOR = '313';
export const RPL_WHOWASUSER = '314';
export const RPL_WHOISIDLE = '317';
export const RPL_ENDOFWHOIS = '318';
export const RPL_WHOISCHANNELS = '319';
export const RPL_WHOISACCOUNT = '330';
export const RPL_WHOISACTUALLY = '338';
export const RPL_ENDOFWHOWAS = '369';
export const RPL_WHOISHOST = '378';
export const RPL_WHOISMODES = '379';
export const RPL_WHOISSECURE = '671';

// WHO / WHOX.
export const RPL_ENDOFWHO = '315';
export const RPL_WHOREPLY = '352';
export const RPL_WHOSPCRPL = '354';

// LIST.
export const RPL_LISTSTART = '321';
export const RPL_LIST = '322';
export const RPL_LISTEND = '323';

// Channel state.
export const RPL_CHANNELMODEIS = '324';
export const RPL_CREATIONTIME = '329';
export const RPL_NOTOPIC = '331';
export const RPL_TOPIC = '332';
export const RPL_TOPICWHOTIME = '333';
export const RPL_INVITING = '341';
/** Modern's RPL_INVITELIST: one channel the user has a pending invitation to (INVITE with no parameters). */
export const RPL_INVITEDTO = '336';
/** Modern's RPL_ENDOFINVITELIST, after the 336 lines. */
export const RPL_ENDOFINVITEDTO = '337';
export const RPL_INVITELIST = '346';
export const RPL_ENDOFINVITELIST = '347';
export const RPL_EXCEPTLIST = '348';
export const RPL_ENDOFEXCEPTLIST = '349';
export const RPL_NAMREPLY = '353';
export const RPL_ENDOFNAMES = '366';
export const RPL_BANLIST = '367';
export const RPL_ENDOFBANLIST = '368';

// MOTD, INFO, oper, time.
export const RPL_VERSION = '351';
export const RPL_INFO = '371';
export const RPL_MOTD = '372';
export const RPL_ENDOFINFO = '374';
export const RPL_LINKS = '364';
export const RPL_ENDOFLINKS = '365';
export const RPL_MOTDSTART = '375';
export const RPL_ENDOFMOTD = '376';
export const RPL_YOUREOPER = '381';
export const RPL_REHASHING = '382';
export const RPL_TIME = '391';

// MONITOR (ircv3.net "Monitor").
export const RPL_MONONLINE = '730';
export const RPL_MONOFFLINE = '731';
export const RPL_MONLIST = '732';
export const RPL_ENDOFMONLIST = '733';
export const ERR_MONLISTFULL = '734';

// HELP (modern.ircdocs HELP).
export const RPL_HELPSTART = '704';
export const RPL_HELPTXT = '705';
export const RPL_ENDOFHELP = '706';

// STARTTLS (listed for completeness; zchat uses a separate TLS port instead).
export const RPL_STARTTLS = '670';
export const ERR_STARTTLS = '691';

// Errors.
export const ERR_UNKNOWNERROR = '400';
export const ERR_NOSUCHNICK = '401';
export const ERR_NOSUCHSERVER = '402';
export const ERR_NOSUCHCHANNEL = '403';
export const ERR_CANNOTSENDTOCHAN = '404';
export const ERR_TOOMANYCHANNELS = '405';
export const ERR_WASNOSUCHNICK = '406';
export const ERR_TOOMANYTARGETS = '407';
export const ERR_NOORIGIN = '409';
export const ERR_INVALIDCAPCMD = '410';
export const ERR_NORECIPIENT = '411';
export const ERR_NOTEXTTOSEND = '412';
export const ERR_INPUTTOOLONG = '417';
export const ERR_UNKNOWNCOMMAND = '421';
export const ERR_NOMOTD = '422';
export const ERR_NONICKNAMEGIVEN = '431';
export const ERR_ERRONEUSNICKNAME = '432';
export const ERR_NICKNAMEINUSE = '433';
export const ERR_USERNOTINCHANNEL = '441';
export const ERR_NOTONCHANNEL = '442';
export const ERR_USERONCHANNEL = '443';
export const ERR_NOTREGISTERED = '451';
export const ERR_NEEDMOREPARAMS = '461';
export const ERR_ALREADYREGISTERED = '462';
export const ERR_PASSWDMISMATCH = '464';
export const ERR_YOUREBANNEDCREEP = '465';
export const ERR_KEYSET = '467';
export const ERR_CHANNELISFULL = '471';
export const ERR_UNKNOWNMODE = '472';
export const ERR_INVITEONLYCHAN = '473';
export const ERR_BANNEDFROMCHAN = '474';
export const ERR_BADCHANNELKEY = '475';
export const ERR_BADCHANMASK = '476';
export const ERR_BANLISTFULL = '478';
export const ERR_NOPRIVILEGES = '481';
export const ERR_CHANOPRIVSNEEDED = '482';
export const ERR_CANTKILLSERVER = '483';
export const ERR_NOOPERHOST = '491';
export const ERR_UMODEUNKNOWNFLAG = '501';
export const ERR_USERSDONTMATCH = '502';
export const ERR_HELPNOTFOUND = '524';
export const ERR_INVALIDKEY = '525';
export const ERR_INVALIDMODEPARAM = '696';
export const ERR_NOPRIVS = '723';

// SASL (ircv3.net sasl-3.1).
export const RPL_LOGGEDIN = '900';
export const RPL_LOGGEDOUT = '901';
export const ERR_NICKLOCKED = '902';
export const RPL_SASLSUCCESS = '903';
export const ERR_SASLFAIL = '904';
export const ERR_SASLTOOLONG = '905';
export const ERR_SASLABORTED = '906';
export const ERR_SASLALREADY = '907';
export const RPL_SASLMECHS = '908';

/**
 * The usual last parameter of each numeric whose text does not vary, keyed by numeric (texts as in
 * modern.ircdocs.horse, which mostly keeps RFC 1459's wording, typos included where clients match them).
 * Every `ERR_*` above has an entry; numerics whose text carries data (RPL_WELCOME, RPL_LUSERCLIENT...) do not.
 */
export const numericText: Readonly<Record<string, string>> = Object.freeze({
  [RPL_UNAWAY]: 'You are no longer marked as being away',
  [RPL_NOWAWAY]: 'You have been marked as being away',
  [RPL_WHOISOPERATOR]: 'is an IRC operator',
  [RPL_WHOISIDLE]: 'seconds idle, signon time',
  [RPL_ENDOFWHOIS]: 'End of /WHOIS list',
  [RPL_WHOISACCOUNT]: 'is logged in as',
  [RPL_WHOISACTUALLY]: 'Is actually using host',
  [RPL_WHOISSECURE]: 'is using a secure connection',
  [RPL_ENDOFWHOWAS]: 'End of WHOWAS',
  [RPL_ENDOFWHO]: 'End of WHO list',
  [RPL_LISTEND]: 'End of /LIST',
  [RPL_NOTOPIC]: 'No topic is set',
  [RPL_ENDOFINVITELIST]: 'End of channel invite list',
  [RPL_ENDOFINVITEDTO]: 'End of /INVITE list',
  [RPL_ENDOFEXCEPTLIST]: 'End of channel exception list',
  [RPL_WHOISBOT]: 'is a bot',
  [RPL_ENDOFNAMES]: 'End of /NAMES list',
  [RPL_ENDOFBANLIST]: 'End of channel ban list',
  [RPL_ENDOFINFO]: 'End of INFO list',
  [RPL_ENDOFLINKS]: 'End of /LINKS list',
  [RPL_ENDOFMOTD]: 'End of /MOTD command.',
  [RPL_YOUREOPER]: 'You are now an IRC operator',
  [RPL_REHASHING]: 'Rehashing',
  [RPL_ENDOFHELP]: 'End of /HELP',
  [RPL_STARTTLS]: 'STARTTLS successful, proceed with TLS handshake',
  [RPL_LOGGEDOUT]: 'You are now logged out',
  [RPL_SASLSUCCESS]: 'SASL authentication successful',
  [RPL_SASLMECHS]: 'are available SASL mechanisms',

  [ERR_UNKNOWNERROR]: 'Unknown error',
  [ERR_NOSUCHNICK]: 'No such nick/channel',
  [ERR_NOSUCHSERVER]: 'No such server',
  [ERR_NOSUCHCHANNEL]: 'No such channel',
  [ERR_CANNOTSENDTOCHAN]: 'Cannot send to channel',
  [ERR_TOOMANYCHANNELS]: 'You have joined too many channels',
  [ERR_WASNOSUCHNICK]: 'There was no such nickname',
  [ERR_TOOMANYTARGETS]: 'Too many targets',
  [ERR_NOORIGIN]: 'No origin specified',
  [ERR_INVALIDCAPCMD]: 'Invalid CAP command',
  [ERR_NORECIPIENT]: 'No recipient given',
  [ERR_NOTEXTTOSEND]: 'No text to send',
  [ERR_INPUTTOOLONG]: 'Input line was too long',
  [ERR_UNKNOWNCOMMAND]: 'Unknown command',
  [ERR_NOMOTD]: 'MOTD File is missing',
  [ERR_NONICKNAMEGIVEN]: 'No nickname given',
  [ERR_ERRONEUSNICKNAME]: 'Erroneus nickname',
  [ERR_NICKNAMEINUSE]: 'Nickname is already in use',
  [ERR_USERNOTINCHANNEL]: "They aren't on that channel",
  [ERR_NOTONCHANNEL]: "You're not on that channel",
  [ERR_USERONCHANNEL]: 'is already on channel',
  [ERR_NOTREGISTERED]: 'You have not registered',
  [ERR_NEEDMOREPARAMS]: 'Not enough parameters',
  [ERR_ALREADYREGISTERED]: 'You may not reregister',
  [ERR_PASSWDMISMATCH]: 'Password incorrect',
  [ERR_YOUREBANNEDCREEP]: 'You are banned from this server',
  [ERR_KEYSET]: 'Channel key already set',
  [ERR_CHANNELISFULL]: 'Cannot join channel (+l)',
  [ERR_UNKNOWNMODE]: 'is unknown mode char to me',
  [ERR_INVITEONLYCHAN]: 'Cannot join channel (+i)',
  [ERR_BANNEDFROMCHAN]: 'Cannot join channel (+b)',
  [ERR_BADCHANNELKEY]: 'Cannot join channel (+k)',
  [ERR_BADCHANMASK]: 'Bad Channel Mask',
  [ERR_BANLISTFULL]: 'Channel list is full',
  [ERR_NOPRIVILEGES]: "Permission Denied- You're not an IRC operator",
  [ERR_CHANOPRIVSNEEDED]: "You're not channel operator",
  [ERR_CANTKILLSERVER]: 'You cant kill a server!',
  [ERR_NOOPERHOST]: 'No O-lines for your host',
  [ERR_UMODEUNKNOWNFLAG]: 'Unknown MODE flag',
  [ERR_USERSDONTMATCH]: 'Cant change mode for other users',
  [ERR_HELPNOTFOUND]: 'No help available on this topic',
  [ERR_INVALIDKEY]: 'Key is not well-formed',
  [ERR_INVALIDMODEPARAM]: 'Invalid mode parameter',
  [ERR_NOPRIVS]: 'Insufficient oper privileges.',
  [ERR_STARTTLS]: 'STARTTLS failed',
  [ERR_NICKLOCKED]: 'You must use a nick assigned to you',
  [ERR_SASLFAIL]: 'SASL authentication failed',
  [ERR_SASLTOOLONG]: 'SASL message too long',
  [ERR_SASLABORTED]: 'SASL authentication aborted',
  [ERR_SASLALREADY]: 'You have already authenticated using SASL',
  [RPL_ENDOFMONLIST]: 'End of MONITOR list',
  [ERR_MONLISTFULL]: 'Monitor list is full.',
});
