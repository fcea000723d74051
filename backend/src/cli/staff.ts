// npm run staff -- add --email E --name N --role owner|agent   (password: one line on standard input)
//                  list | remove --email E | set-password --email E
// Uses the API's own settings (DATABASE_PATH, backend/.env), so it writes the database the API reads.
import readline from "node:readline";
import { parseArgs } from "node:util";
import { StaffRoleSchema } from "@harbor/contracts";
import { ConfigError, loadConfig } from "../config";
import { databaseLocation, openDatabase } from "../db/connection";
import { createStaffRepo } from "../db/staff.repo";
import { createStaffAuthService } from "../services/staff-auth.service";

const USAGE = `Usage:
  npm run staff -- add --email E --name N --role owner|agent   (reads the password from standard input)
  npm run staff -- list
  npm run staff -- remove --email E
  npm run staff -- set-password --email E                       (reads the password from standard input)`;

/** One line from standard input: typed at a prompt, or piped (`echo "..." | npm run staff -- add ...`). */
async function readPassword(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write("Password (at least 10 characters): ");
  const lines = readline.createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    lines.close();
    return line.replace(/\r$/, "");
  }
  return "";
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main() {
  const [command, ...rest] = process.argv.slice(2);
  const { values } = parseArgs({
    args: rest,
    options: { email: { type: "string" }, name: { type: "string" }, role: { type: "string" }, password: { type: "string" } },
    strict: true,
  });
  if (values.password !== undefined) fail("Passwords are never taken from arguments (they end up in shell history): type or pipe it on standard input.");

  let config;
  try {
    config = loadConfig();
  } catch (error) {
    fail(error instanceof ConfigError ? error.message : String(error));
  }
  const database = await openDatabase(databaseLocation(config), { seedDemoData: config.SEED_DEMO_DATA });
  const auth = createStaffAuthService({ staff: createStaffRepo(database.db), clock: () => new Date() });
  try {
    if (command === "add") {
      const role = StaffRoleSchema.safeParse(values.role);
      if (!values.email || !values.name || !role.success) fail(USAGE);
      const member = await auth.addStaff({ email: values.email, name: values.name, role: role.data, password: await readPassword() });
      console.log(`Added ${member.role} ${member.name} <${member.email}>. Sign in at /console.`);
    } else if (command === "list") {
      const staff = await auth.listStaff();
      if (staff.length === 0) console.log("No staff accounts yet.");
      for (const s of staff) console.log(`${s.email}\t${s.name}\t${s.role}`);
    } else if (command === "remove") {
      if (!values.email) fail(USAGE);
      if (!(await auth.removeStaff(values.email))) fail(`No account for ${values.email}.`);
      console.log(`Removed ${values.email}; the conversations they held wait for another person.`);
    } else if (command === "set-password") {
      if (!values.email) fail(USAGE);
      if (!(await auth.setPassword(values.email, await readPassword()))) fail(`No account for ${values.email}.`);
      console.log(`Password changed for ${values.email}; their sessions were ended.`);
    } else {
      fail(USAGE);
    }
  } catch (error) {
    fail(error instanceof Error ? error.message : String(error));
  } finally {
    await database.close();
  }
}

main().catch((error) => fail(error instanceof Error ? error.message : String(error)));
