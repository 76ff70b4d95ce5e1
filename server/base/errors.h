// Every client-visible error text, in Redis's exact wording: the one place to find (and grep
// for) what a client can read after a '-'. Texts with a "{}" are fmt formats.
#pragma once

#include <span>
#include <string>
#include <string_view>

namespace slotcache::server {

inline constexpr std::string_view kErrSyntax = "ERR syntax error";
inline constexpr std::string_view kErrNotInteger = "ERR value is not an integer or out of range";
inline constexpr std::string_view kErrNotFloat = "ERR value is not a valid float";
inline constexpr std::string_view kErrOverflow = "ERR increment or decrement would overflow";
inline constexpr std::string_view kErrNanOrInf = "ERR increment would produce NaN or Infinity";
inline constexpr std::string_view kErrNoSuchKey = "ERR no such key";
inline constexpr std::string_view kErrTooBig =
    "ERR string exceeds maximum allowed size (proto-max-bulk-len)";
inline constexpr std::string_view kErrNoAuth = "NOAUTH Authentication required.";
inline constexpr std::string_view kErrWrongPass =
    "WRONGPASS invalid username-password pair or user is disabled.";
inline constexpr std::string_view kErrDbIndex = "ERR DB index is out of range";
inline constexpr std::string_view kErrMaxClients = "ERR max number of clients reached";
inline constexpr std::string_view kErrNoProto = "NOPROTO unsupported protocol version";
inline constexpr std::string_view kErrMultiNested = "ERR MULTI calls can not be nested";
inline constexpr std::string_view kErrExecNoMulti = "ERR EXEC without MULTI";
inline constexpr std::string_view kErrDiscardNoMulti = "ERR DISCARD without MULTI";
inline constexpr std::string_view kErrExecAbort =
    "EXECABORT Transaction discarded because of previous errors.";
inline constexpr std::string_view kErrWatchInMulti = "ERR WATCH inside MULTI is not allowed";
inline constexpr std::string_view kErrNotInMulti = "ERR Command not allowed inside a transaction";
// "ERR Protocol error: ..." from the request parser's reason; the connection closes after it.
std::string ProtocolError(std::string_view parser_error);
inline constexpr std::string_view kErrOom =
    "OOM command not allowed when used memory > 'maxmemory'.";

// Any command meeting a key of another type than it works on.
inline constexpr std::string_view kErrWrongType =
    "WRONGTYPE Operation against a key holding the wrong kind of value";

// Strings (string commands add their texts below this line).
inline constexpr std::string_view kErrOffsetOutOfRange = "ERR offset is out of range";
inline constexpr std::string_view kErrDecrementOverflow = "ERR decrement would overflow";

// Hashes (hash commands add their texts below this line).
inline constexpr std::string_view kErrHashNotInteger = "ERR hash value is not an integer";
inline constexpr std::string_view kErrHashNotFloat = "ERR hash value is not a float";
inline constexpr std::string_view kErrNanOrInfinityArg = "ERR value is NaN or Infinity";
inline constexpr std::string_view kErrOutOfRange = "ERR value is out of range";
// HRANDFIELD's count: Redis's getRangeLongFromObjectOrReply(-LONG_MAX, LONG_MAX).
inline constexpr std::string_view kErrCountOutOfRange =
    "ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807";

// Keys, expiry and databases (key commands add their texts below this line).
inline constexpr std::string_view kErrIntRange =
    "ERR value is out of range, value must between -2147483648 and 2147483647";
inline constexpr std::string_view kErrSameObject =
    "ERR source and destination objects are the same";
inline constexpr std::string_view kErrInvalidCursor = "ERR invalid cursor";
inline constexpr std::string_view kErrInvalidFirstDb = "ERR invalid first DB index";
inline constexpr std::string_view kErrInvalidSecondDb = "ERR invalid second DB index";
inline constexpr std::string_view kErrExpireNxAndOthers =
    "ERR NX and XX, GT or LT options at the same time are not compatible";
inline constexpr std::string_view kErrExpireGtAndLt =
    "ERR GT and LT options at the same time are not compatible";
// Followed by the option as given: "ERR Unsupported option foo".
inline constexpr std::string_view kErrUnsupportedOptionPrefix = "ERR Unsupported option ";

// Connection and CLIENT (connection commands add their texts below this line).
inline constexpr std::string_view kErrAuthNotConfigured =
    "ERR AUTH <password> called without any password configured for the default user. Are you "
    "sure your configuration is correct?";
// Redis 7.0.15's wording (7.2 says "HELLO <proto> AUTH"): clients match on the NOAUTH code.
inline constexpr std::string_view kErrHelloNoAuth =
    "NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO "
    "AUTH <user> <pass> option can be used to authenticate the client and select the RESP "
    "protocol version at the same time";
inline constexpr std::string_view kErrHelloProtoNotInteger =
    "ERR Protocol version is not an integer or out of range";
inline constexpr std::string_view kErrHelloSyntax = "ERR Syntax error in HELLO option '{}'";
inline constexpr std::string_view kErrClientName =
    "ERR Client names cannot contain spaces, newlines or special characters.";
inline constexpr std::string_view kErrClientAttr =
    "ERR {} cannot contain spaces, newlines or special characters.";
inline constexpr std::string_view kErrClientUnrecognizedOption = "ERR Unrecognized option '{}'";
inline constexpr std::string_view kErrInvalidClientId = "ERR Invalid client ID";
inline constexpr std::string_view kErrClientIdRange = "ERR client-id should be greater than 0";
inline constexpr std::string_view kErrNoSuchClient = "ERR No such client";
inline constexpr std::string_view kErrUnknownClientType = "ERR Unknown client type '{}'";
inline constexpr std::string_view kErrNoSuchUser = "ERR No such user '{}'";

// Server: INFO, CONFIG, COMMAND, SHUTDOWN (server commands add their texts below this line).
// CONFIG SET refused a name or a value: "ERR CONFIG SET failed (possibly related to argument
// 'maxmemory') - argument must be a memory value".
std::string ConfigSetFailedError(std::string_view name, std::string_view reason);
inline constexpr std::string_view kErrConfigSetUnknown =
    "ERR Unknown option or number of arguments for CONFIG SET - '{}'";
inline constexpr std::string_view kErrNoShutdownInProgress = "ERR No shutdown in progress.";
inline constexpr std::string_view kErrShutdownFailed = "ERR Errors trying to SHUTDOWN. Check logs.";
inline constexpr std::string_view kErrInvalidCommand = "ERR Invalid command specified";
inline constexpr std::string_view kErrInvalidCommandArgs =
    "ERR Invalid number of arguments specified for command";
inline constexpr std::string_view kErrNoKeyArguments = "ERR The command has no key arguments";
inline constexpr std::string_view kErrDebugNotAllowed =
    "ERR DEBUG command not allowed. If the enable-debug-command option is set to \"local\", you "
    "can run it from a local connection, otherwise you need to set this option in the "
    "configuration file, and then restart the server.";
// Redis's addReplySubcommandSyntaxError: "ERR unknown subcommand or wrong number of arguments
// for 'foo'. Try DEBUG HELP."
std::string SubcommandSyntaxError(std::string_view sub, std::string_view container);
inline constexpr std::string_view kErrObjectFreqNotLfu =
    "ERR An LFU maxmemory policy is not selected, access frequency not tracked. Please note that "
    "when switching between policies at runtime LRU and LFU data will take some time to adjust.";
inline constexpr std::string_view kErrObjectIdleTimeLfu =
    "ERR An LFU maxmemory policy is selected, idle time not tracked. Please note that when "
    "switching between policies at runtime LRU and LFU data will take some time to adjust.";

// Persistence (AOF): BGREWRITEAOF, BGSAVE, SAVE and the MISCONF write refusal.
// "MISCONF Errors writing to the AOF file: <strerror(err)>", Redis 7's text.
std::string MisconfAofError(int err);
inline constexpr std::string_view kErrRewriteInProgress =
    "ERR Background append only file rewriting already in progress";
inline constexpr std::string_view kErrBgsaveWhileRewriting =
    "ERR An AOF log rewriting in progress: can't BGSAVE right now. Use BGSAVE SCHEDULE in order "
    "to schedule a BGSAVE whenever possible.";
// SAVE failed (Redis replies shared.err, a bare "-ERR").
inline constexpr std::string_view kErrSaveFailed = "ERR";
inline constexpr std::string_view kErrSaveInProgress = "ERR Background save already in progress";
inline constexpr std::string_view kMsgRewriteStarted =
    "Background append only file rewriting started";
inline constexpr std::string_view kMsgRewriteScheduled =
    "Background append only file rewriting scheduled";
inline constexpr std::string_view kMsgBgsaveStarted = "Background saving started";
inline constexpr std::string_view kMsgBgsaveScheduled = "Background saving scheduled";

// Replication.
inline constexpr std::string_view kErrReadOnlyReplica =
    "READONLY You can't write against a read only replica.";
inline constexpr std::string_view kErrWaitOnReplica =
    "ERR WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a "
    "replica is configured to be writable (which is not the default) writes to replicas are just "
    "local and are not propagated.";
inline constexpr std::string_view kErrTimeoutNotInteger =
    "ERR timeout is not an integer or out of range";
inline constexpr std::string_view kErrTimeoutNegative = "ERR timeout is negative";
inline constexpr std::string_view kErrInvalidMasterPort = "ERR Invalid master port";
inline constexpr std::string_view kErrReplicaOfInCluster =
    "ERR REPLICAOF not allowed in cluster mode.";
inline constexpr std::string_view kErrUnrecognizedReplconf = "ERR Unrecognized REPLCONF option: {}";
inline constexpr std::string_view kErrNoMasterLink =
    "NOMASTERLINK Can't SYNC while not connected with my master";
inline constexpr std::string_view kOkAlreadyConnected = "OK Already connected to specified master";

// Cluster: redirections, the gate, CLUSTER subcommands, joins.
// "MOVED 3999 127.0.0.1:7002": the slot is served by that node.
std::string MovedError(int slot, std::string_view ip, int port);
inline constexpr std::string_view kErrCrossSlot =
    "CROSSSLOT Keys in request don't hash to the same slot";
inline constexpr std::string_view kErrSlotUnserved = "CLUSTERDOWN Hash slot not served";
inline constexpr std::string_view kErrClusterDown = "CLUSTERDOWN The cluster is down";
inline constexpr std::string_view kErrClusterDisabled =
    "ERR This instance has cluster support disabled";
// A command the table marks kDenyInCluster: "ERR MOVE is not allowed in cluster mode".
std::string NotInClusterError(std::string_view command_name);
inline constexpr std::string_view kErrSelectInCluster = "ERR SELECT is not allowed in cluster mode";
inline constexpr std::string_view kErrCopyDbInCluster =
    "ERR Copying to another database is not allowed in cluster mode";
inline constexpr std::string_view kErrInvalidSlot = "ERR Invalid slot";
inline constexpr std::string_view kErrInvalidSlotOrCount = "ERR Invalid slot or number of keys";
inline constexpr std::string_view kErrUnknownNode = "ERR Unknown node {}";
inline constexpr std::string_view kErrNotAPrimary = "ERR The specified node is not a master";
inline constexpr std::string_view kErrInvalidNodeAddress =
    "ERR Invalid node address, id or Raft id";
inline constexpr std::string_view kErrNodeStarting = "TRYAGAIN The cluster node is starting";
inline constexpr std::string_view kErrNotConfigLeader =
    "TRYAGAIN Not the cluster configuration leader";
inline constexpr std::string_view kErrNodeIdElsewhere =
    "ERR A node with this id is already a member at another address";
inline constexpr std::string_view kErrNotBootstrapped =
    "TRYAGAIN The cluster configuration is not bootstrapped yet";
inline constexpr std::string_view kErrUnknownPrimary = "TRYAGAIN Unknown primary {}";
// CLUSTER JOIN without this node's cluster-secret (or with another one).
inline constexpr std::string_view kErrClusterSecret =
    "NOPERM CLUSTER JOIN refused: cluster-secret does not match";

// Transactions (transaction commands add their texts below this line).
// A gate rejected EXEC itself: Redis discards the transaction and answers
// "EXECABORT Transaction discarded because of: <the gate's error without its ERR code>".
std::string ExecAbortError(std::string_view error);

// "ERR wrong number of arguments for 'get' command" (name as given by the table, lower case).
std::string ArityError(std::string_view command_name);
// "ERR unknown command 'foo', with args beginning with: 'a' 'b' "
std::string UnknownCommandError(std::string_view name, std::span<const std::string_view> args);
// "ERR unknown subcommand 'foo'. Try CONFIG HELP."
std::string UnknownSubcommandError(std::string_view sub, std::string_view container);
// "ERR invalid expire time in 'set' command"
std::string InvalidExpireError(std::string_view command_name);

}  // namespace slotcache::server
