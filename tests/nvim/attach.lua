-- Headless Neovim (0.7.2, Debian) as a real LSP client: attach wit-analyzer
-- to a .wit buffer, wait for its diagnostics, then jump to a definition in
-- another file. Exits 0 on success; on failure prints why and exits 1.
local bin = os.getenv("WIT_ANALYZER_BIN")
local root = os.getenv("WIT_ROOT")

local function fail(message)
  io.stderr:write("nvim test failed: " .. message .. "\n")
  vim.cmd("cquit 1")
end

vim.cmd("edit " .. root .. "/app/app.wit")
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({ name = "wit-analyzer", cmd = { bin }, root_dir = root })
if not client_id then
  fail("start_client returned nil")
end
vim.lsp.buf_attach_client(buf, client_id)

-- The fixture's one error: `strin` on line 6.
local got = vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 50)
if not got then
  fail("no diagnostics within 30 s")
end
local diagnostics = vim.diagnostic.get(buf)
if #diagnostics ~= 1 or diagnostics[1].lnum ~= 5 then
  fail("expected one diagnostic on line 6, got " .. vim.inspect(diagnostics))
end

-- `point` in `area: func(p: point)` is defined in shapes/geometry.wit.
vim.api.nvim_win_set_cursor(0, { 5, 18 })
vim.lsp.buf.definition()
local jumped = vim.wait(30000, function()
  return vim.api.nvim_buf_get_name(0):match("geometry%.wit$") ~= nil
end, 50)
if not jumped then
  fail("definition did not open geometry.wit; still in " .. vim.api.nvim_buf_get_name(0))
end
local cursor = vim.api.nvim_win_get_cursor(0)
if cursor[1] ~= 4 or cursor[2] ~= 9 then
  fail("definition landed at " .. vim.inspect(cursor) .. ", expected { 4, 9 }")
end
io.stdout:write("nvim test passed: diagnostics received, definition jumped to geometry.wit:4:10\n")
vim.cmd("qall!")
