/**
 * Lua scripts: Redis runs each one atomically, so a reserve's check and increments cannot interleave
 * with another client's. Keys expire at their window end (PEXPIREAT), so Redis cleans up by itself.
 */

/**
 * KEYS: every distinct key the checks read or write.
 * ARGV: check count, then per check: limit, write key index (1-based into KEYS), expiresAt ms or -1,
 * read key count, read key indexes…
 * Returns {1} when reserved, {0, check index (0-based), count} when refused.
 */
export const RESERVE_SCRIPT = `
local values = {}
for i = 1, #KEYS do values[i] = tonumber(redis.call('GET', KEYS[i]) or '0') end
local checks = tonumber(ARGV[1])
local pos = 2
local writes = {}
for c = 1, checks do
  local limit = tonumber(ARGV[pos])
  local writeIndex = tonumber(ARGV[pos + 1])
  local expiresAt = tonumber(ARGV[pos + 2])
  local reads = tonumber(ARGV[pos + 3])
  local count = 0
  for r = 1, reads do count = count + values[tonumber(ARGV[pos + 3 + r])] end
  if count + 1 > limit then return {0, c - 1, count} end
  local previous = writes[writeIndex]
  if previous == nil or (previous ~= -1 and (expiresAt == -1 or expiresAt > previous)) then
    writes[writeIndex] = expiresAt
  end
  pos = pos + 4 + reads
end
for index, expiresAt in pairs(writes) do
  redis.call('INCR', KEYS[index])
  if expiresAt ~= -1 then redis.call('PEXPIREAT', KEYS[index], expiresAt) end
end
return {1}
`;

/**
 * KEYS[1]: the seen-event key; KEYS[2..]: distinct write keys.
 * ARGV[1]: seen-event expiry ms or -1; ARGV[2..]: expiry per write key ms or -1.
 * Returns 1 when counted, 0 for a repeated event id.
 */
export const RECORD_SCRIPT = `
if redis.call('SET', KEYS[1], '1', 'NX') == false then return 0 end
if tonumber(ARGV[1]) ~= -1 then redis.call('PEXPIREAT', KEYS[1], ARGV[1]) end
for i = 2, #KEYS do
  redis.call('INCR', KEYS[i])
  local expiresAt = tonumber(ARGV[i])
  if expiresAt ~= -1 then redis.call('PEXPIREAT', KEYS[i], expiresAt) end
end
return 1
`;

/**
 * Checks ranked lists of offers and reserves, per list, the first `wanted` that fit — several decisions'
 * lists in one atomic step (the lists of the decisions of one event-loop turn share a call), applied in
 * order, so a later list sees the earlier lists' reservations.
 * KEYS: every distinct key any list reads or writes.
 * ARGV: list count, then per list: wanted, offer count, then per offer: placeable (1/0), check count, then
 * per check: limit, write key index (1-based into KEYS), expiresAt ms or -1, reserved (1/0), read key
 * count, read key indexes…
 * Returns, list after list, three numbers per offer: outcome (1 placed, 0 not placed, 2 exhausted), check
 * index (0-based), count.
 */
export const RESERVE_RANKED_SCRIPT = `
local values = {}
local raw = redis.call('MGET', unpack(KEYS))
for i = 1, #KEYS do values[i] = tonumber(raw[i] or '0') end
local lists = tonumber(ARGV[1])
local pos = 2
local out = {}
for l = 1, lists do
  local wanted = tonumber(ARGV[pos])
  local offers = tonumber(ARGV[pos + 1])
  pos = pos + 2
  local placed = 0
  for o = 1, offers do
    local placeable = ARGV[pos] == '1'
    local checks = tonumber(ARGV[pos + 1])
    pos = pos + 2
    local exhaustedAt = -1
    local exhaustedCount = 0
    local reserves = {}
    for c = 1, checks do
      local limit = tonumber(ARGV[pos])
      local writeIndex = tonumber(ARGV[pos + 1])
      local expiresAt = tonumber(ARGV[pos + 2])
      local reserved = ARGV[pos + 3] == '1'
      local reads = tonumber(ARGV[pos + 4])
      if exhaustedAt == -1 then
        local count = 0
        for r = 1, reads do count = count + values[tonumber(ARGV[pos + 4 + r])] end
        if count >= limit then
          exhaustedAt = c - 1
          exhaustedCount = count
        elseif reserved then
          reserves[#reserves + 1] = writeIndex
          reserves[#reserves + 1] = expiresAt
        end
      end
      pos = pos + 5 + reads
    end
    if exhaustedAt ~= -1 then
      out[#out + 1] = 2
      out[#out + 1] = exhaustedAt
      out[#out + 1] = exhaustedCount
    elseif placeable and placed < wanted then
      for i = 1, #reserves, 2 do
        local index = reserves[i]
        redis.call('INCR', KEYS[index])
        if reserves[i + 1] ~= -1 then redis.call('PEXPIREAT', KEYS[index], reserves[i + 1]) end
        values[index] = values[index] + 1
      end
      placed = placed + 1
      out[#out + 1] = 1
      out[#out + 1] = 0
      out[#out + 1] = 0
    else
      out[#out + 1] = 0
      out[#out + 1] = 0
      out[#out + 1] = 0
    end
  end
end
return out
`;
