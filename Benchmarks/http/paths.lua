-- wrk script: each thread sends the presigned paths of PATHS_FILE in turn, every path once
-- (thread k sends lines k, k+n, k+2n, … of n threads), so a write such as CreateUser never repeats.
local threads = {}
local counter = 0

function setup(thread)
  thread:set("id", counter)
  table.insert(threads, thread)
  counter = counter + 1
end

function init(args)
  paths = {}
  for line in io.lines(os.getenv("PATHS_FILE")) do table.insert(paths, line) end
  step = tonumber(os.getenv("WRK_THREADS") or "1")
  index = id + 1
end

function request()
  local path = paths[index]
  if path == nil then path = paths[#paths] end
  index = index + step
  return wrk.format("GET", path)
end
