// Declarations of every command handler: the command table (command_table.cc) wires them to
// names, server/commands/ defines them. Declarations only, so the table needs nothing above core/.
#pragma once

namespace slotcache::server {

class CommandContext;

// Strings (string_commands.cc)
void CmdGet(CommandContext& ctx);
void CmdSet(CommandContext& ctx);
void CmdSetNx(CommandContext& ctx);
void CmdSetEx(CommandContext& ctx);
void CmdPSetEx(CommandContext& ctx);
void CmdGetSet(CommandContext& ctx);
void CmdGetDel(CommandContext& ctx);
void CmdGetEx(CommandContext& ctx);
void CmdMGet(CommandContext& ctx);
void CmdMSet(CommandContext& ctx);
void CmdMSetNx(CommandContext& ctx);
void CmdAppend(CommandContext& ctx);
void CmdStrlen(CommandContext& ctx);
void CmdGetRange(CommandContext& ctx);
void CmdSetRange(CommandContext& ctx);
void CmdIncr(CommandContext& ctx);
void CmdIncrBy(CommandContext& ctx);
void CmdDecr(CommandContext& ctx);
void CmdDecrBy(CommandContext& ctx);
void CmdIncrByFloat(CommandContext& ctx);

// Keys and databases (key_commands.cc, expire_commands.cc, db_commands.cc)
void CmdDel(CommandContext& ctx);
void CmdUnlink(CommandContext& ctx);
void CmdExists(CommandContext& ctx);
void CmdType(CommandContext& ctx);
void CmdExpire(CommandContext& ctx);
void CmdPExpire(CommandContext& ctx);
void CmdExpireAt(CommandContext& ctx);
void CmdPExpireAt(CommandContext& ctx);
void CmdTtl(CommandContext& ctx);
void CmdPTtl(CommandContext& ctx);
void CmdExpireTime(CommandContext& ctx);
void CmdPExpireTime(CommandContext& ctx);
void CmdPersist(CommandContext& ctx);
void CmdRename(CommandContext& ctx);
void CmdRenameNx(CommandContext& ctx);
void CmdCopy(CommandContext& ctx);
void CmdMove(CommandContext& ctx);
void CmdKeys(CommandContext& ctx);
void CmdScan(CommandContext& ctx);
void CmdRandomKey(CommandContext& ctx);
void CmdTouch(CommandContext& ctx);
void CmdDbSize(CommandContext& ctx);
void CmdFlushDb(CommandContext& ctx);
void CmdFlushAll(CommandContext& ctx);
void CmdSelect(CommandContext& ctx);
void CmdSwapDb(CommandContext& ctx);

// Introspection (object_commands.cc)
void CmdObjectEncoding(CommandContext& ctx);
void CmdObjectFreq(CommandContext& ctx);
void CmdObjectIdleTime(CommandContext& ctx);
void CmdObjectRefCount(CommandContext& ctx);
void CmdObjectHelp(CommandContext& ctx);
void CmdMemoryUsage(CommandContext& ctx);
void CmdMemoryPurge(CommandContext& ctx);
void CmdMemoryMallocStats(CommandContext& ctx);
void CmdMemoryStats(CommandContext& ctx);
void CmdMemoryDoctor(CommandContext& ctx);
void CmdMemoryHelp(CommandContext& ctx);

// Connection (connection_commands.cc, client_commands.cc)
void CmdPing(CommandContext& ctx);
void CmdEcho(CommandContext& ctx);
void CmdQuit(CommandContext& ctx);
void CmdReset(CommandContext& ctx);
void CmdHello(CommandContext& ctx);
void CmdAuth(CommandContext& ctx);
void CmdClientId(CommandContext& ctx);
void CmdClientSetName(CommandContext& ctx);
void CmdClientGetName(CommandContext& ctx);
void CmdClientSetInfo(CommandContext& ctx);
void CmdClientList(CommandContext& ctx);
void CmdClientInfo(CommandContext& ctx);
void CmdClientKill(CommandContext& ctx);
void CmdClientNoEvict(CommandContext& ctx);
void CmdClientNoTouch(CommandContext& ctx);
void CmdClientReply(CommandContext& ctx);
void CmdClientHelp(CommandContext& ctx);

// Replication (replication_commands.cc)
void CmdReplicaOf(CommandContext& ctx);
void CmdReplConf(CommandContext& ctx);
void CmdPSync(CommandContext& ctx);
void CmdSync(CommandContext& ctx);
void CmdWait(CommandContext& ctx);
void CmdRole(CommandContext& ctx);

// Server (server_commands.cc, info_command.cc, command_commands.cc, config_commands.cc)
void CmdInfo(CommandContext& ctx);
void CmdConfigGet(CommandContext& ctx);
void CmdConfigSet(CommandContext& ctx);
void CmdConfigResetStat(CommandContext& ctx);
void CmdConfigHelp(CommandContext& ctx);
void CmdTime(CommandContext& ctx);
void CmdLastSave(CommandContext& ctx);
// Persistence (persistence_commands.cc): all three are AOF rewrites.
void CmdBgRewriteAof(CommandContext& ctx);
void CmdBgSave(CommandContext& ctx);
void CmdSave(CommandContext& ctx);
void CmdDebug(CommandContext& ctx);
void CmdShutdown(CommandContext& ctx);
void CmdCommand(CommandContext& ctx);
void CmdCommandCount(CommandContext& ctx);
void CmdCommandInfo(CommandContext& ctx);
void CmdCommandDocs(CommandContext& ctx);
void CmdCommandList(CommandContext& ctx);
void CmdCommandGetKeys(CommandContext& ctx);
void CmdCommandHelp(CommandContext& ctx);

// Cluster (cluster_commands.cc)
void CmdClusterInfo(CommandContext& ctx);
void CmdClusterNodes(CommandContext& ctx);
void CmdClusterSlots(CommandContext& ctx);
void CmdClusterShards(CommandContext& ctx);
void CmdClusterLinks(CommandContext& ctx);
void CmdClusterMyId(CommandContext& ctx);
void CmdClusterMyShardId(CommandContext& ctx);
void CmdClusterKeySlot(CommandContext& ctx);
void CmdClusterCountKeysInSlot(CommandContext& ctx);
void CmdClusterGetKeysInSlot(CommandContext& ctx);
void CmdClusterReplicas(CommandContext& ctx);
void CmdClusterJoin(CommandContext& ctx);
void CmdClusterHelp(CommandContext& ctx);
void CmdReadOnly(CommandContext& ctx);
void CmdReadWrite(CommandContext& ctx);
void CmdAsking(CommandContext& ctx);

// Transactions (transaction_commands.cc)
void CmdMulti(CommandContext& ctx);
void CmdExec(CommandContext& ctx);
void CmdDiscard(CommandContext& ctx);
void CmdWatch(CommandContext& ctx);
void CmdUnwatch(CommandContext& ctx);

// Hashes (hash_commands.cc, hash_scan_commands.cc)
void CmdHSet(CommandContext& ctx);
void CmdHSetNx(CommandContext& ctx);
void CmdHGet(CommandContext& ctx);
void CmdHMGet(CommandContext& ctx);
void CmdHMSet(CommandContext& ctx);
void CmdHDel(CommandContext& ctx);
void CmdHExists(CommandContext& ctx);
void CmdHLen(CommandContext& ctx);
void CmdHStrlen(CommandContext& ctx);
void CmdHKeys(CommandContext& ctx);
void CmdHVals(CommandContext& ctx);
void CmdHGetAll(CommandContext& ctx);
void CmdHIncrBy(CommandContext& ctx);
void CmdHIncrByFloat(CommandContext& ctx);
void CmdHRandField(CommandContext& ctx);
void CmdHScan(CommandContext& ctx);

}  // namespace slotcache::server
