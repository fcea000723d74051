import type { Metadata } from "next";

import { getStoreBrand } from "@/lib/api/store-server";

export const metadata: Metadata = { title: "Cast Iron Skillet 12\u2033 (demo store)" };

// A product page of the demo store with the chat installed the way a store installs it: the one
// script tag from the README (here the support host is this web app itself).
export default async function DemoStorePage() {
  const brand = await getStoreBrand();
  return (
    <div className="min-h-dvh bg-[#f7f4ee] font-serif text-[#2b2620]">
      <header className="border-b border-[#e0d8c8] bg-white">
        <div className="mx-auto flex max-w-5xl items-center justify-between px-6 py-4">
          <p className="text-xl font-bold tracking-wide">{brand.name}</p>
          <nav aria-label="Store" className="flex gap-5 font-sans text-sm">
            <a href="#kitchen">Kitchen</a>
            <a href="#home">Home</a>
            <a href="#cart">Cart (0)</a>
          </nav>
        </div>
      </header>
      <main className="mx-auto grid max-w-5xl gap-10 px-6 py-10 md:grid-cols-2">
        <div
          aria-hidden="true"
          className="aspect-square rounded-lg bg-[radial-gradient(circle_at_45%_45%,#3b3733_0,#1d1b19_55%,#e9e2d3_56%)]"
        />
        <div className="flex flex-col gap-4">
          <p className="font-sans text-sm uppercase tracking-widest text-[#4f473c]">Kitchen · Cookware</p>
          <h1 className="text-3xl font-bold">Cast Iron Skillet 12&Prime;</h1>
          <p className="text-2xl">$49.00</p>
          <p className="leading-relaxed">
            Pre-seasoned, oven safe and made to last for generations. Sears a steak, bakes cornbread and goes
            from the stove to the table.
          </p>
          <button
            type="button"
            className="w-fit rounded-md bg-[#2b2620] px-6 py-3 font-sans font-semibold text-white hover:bg-black"
          >
            Add to cart
          </button>
          <ul className="list-disc space-y-1 pl-5 font-sans text-sm text-[#4f473c]">
            <li>Questions about shipping, returns or an order? Use the chat button in the corner.</li>
            <li>Cookware carries a 1-year warranty against manufacturing defects.</li>
          </ul>
          <p className="font-sans text-xs text-[#4f473c]">
            This is the demo store of the support chat: the button in the corner is the widget, installed with{" "}
            <code>&lt;script src=&quot;/widget.js&quot; async&gt;</code>.
          </p>
        </div>
      </main>
      <script src="/widget.js" async data-side="right" data-accent="#1f6f5c" data-label="Chat with us" />
    </div>
  );
}
